export function App(): React.JSX.Element {
  return <main>Kinesis Inspector</main>
}
