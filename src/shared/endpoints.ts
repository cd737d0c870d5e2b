/**
 * The name of the server a connection's Kinesis calls go to, as main's errors and the renderer's
 * "waiting for …" line both say it: the custom endpoint when there is one, else the regional
 * AWS endpoint. No electron, no node.
 */
export function kinesisEndpointName(region: string | null | undefined, endpoint: string | null | undefined): string {
  if (endpoint !== null && endpoint !== undefined && endpoint !== '') return endpoint
  return region !== null && region !== undefined ? `kinesis.${region}.amazonaws.com` : 'the Kinesis endpoint'
}
