import { useEffect, useState } from 'react'
import type { ShardInfo } from '../../../../shared/domain'
import { dataOf } from '../../components/load-state'
import { TabList, TabPanel } from '../../components/Tabs'
import { SendTab } from '../producer/SendTab'
import { ConsumersTab } from '../consumers/ConsumersTab'
import { ConfigurationTab } from './ConfigurationTab'
import { MetricsTab } from '../metrics/MetricsTab'
import { RecordsView } from '../records/RecordsView'
import { ShardsTab } from './ShardsTab'
import { StreamHeader } from './StreamHeader'
import { StreamSummary } from './StreamSummary'
import { useStreamView, type StreamTab } from './stream-view-store'

const tabs = [
  { id: 'shards', label: 'Shards' },
  { id: 'records', label: 'Records' },
  { id: 'send', label: 'Send' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'consumers', label: 'Consumers' },
  { id: 'configuration', label: 'Configuration' }
] as const
const NO_SHARDS: ShardInfo[] = []

/**
 * One stream: header, and the Shards tab (with the stream's summary), the Records tab and the Send tab. The Records tab mounts on first
 * use and then stays mounted (hidden) so a running read survives a look at the shards.
 */
export function StreamView(props: { name: string }): React.JSX.Element {
  const { show, hide, setTab } = useStreamView.getState()
  const shards = useStreamView((s) => dataOf(s.shards) ?? NO_SHARDS)
  const tab = useStreamView((s) => s.tab)
  // The Records tab mounts on first visit (by a click or another view's "Read from here"), then stays.
  const [recordsMounted, setRecordsMounted] = useState(tab === 'records')
  if (tab === 'records' && !recordsMounted) setRecordsMounted(true)

  useEffect(() => {
    show(props.name)
    return () => hide()
  }, [props.name, show, hide])

  const change = (next: StreamTab): void => setTab(next)
  return (
    <section className="stream-view" aria-label={`Stream ${props.name}`}>
      <StreamHeader name={props.name} />
      {/* The summary goes with the shards: the record browser needs the height. */}
      {tab === 'shards' && <StreamSummary name={props.name} />}
      <TabList idBase="stream" label="Stream views" tabs={tabs} active={tab} onChange={change} />
      <TabPanel idBase="stream" id="shards" active={tab === 'shards'}>
        <ShardsTab name={props.name} />
      </TabPanel>
      <TabPanel idBase="stream" id="records" active={tab === 'records'}>
        {recordsMounted && <RecordsView stream={props.name} shards={shards} />}
      </TabPanel>
      <TabPanel idBase="stream" id="send" active={tab === 'send'}>
        {tab === 'send' && <SendTab stream={props.name} shards={shards} />}
      </TabPanel>
      <TabPanel idBase="stream" id="metrics" active={tab === 'metrics'}>
        {/* Mounted only while shown: its refresh timers (and CloudWatch's cost) stop with it. */}
        {tab === 'metrics' && <MetricsTab name={props.name} />}
      </TabPanel>
      <TabPanel idBase="stream" id="consumers" active={tab === 'consumers'}>
        {tab === 'consumers' && <ConsumersTab name={props.name} />}
      </TabPanel>
      <TabPanel idBase="stream" id="configuration" active={tab === 'configuration'}>
        {tab === 'configuration' && <ConfigurationTab name={props.name} />}
      </TabPanel>
    </section>
  )
}
