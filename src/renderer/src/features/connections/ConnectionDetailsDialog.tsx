import { useEffect, useState } from 'react'
import type { ActiveConnection, ServiceAccess } from '../../../../shared/domain'
import type { AccountSettings } from '../../../../shared/stream-config'
import { api, ApiError } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { dateTimeText } from '../streams/format'
import './connection-details.css'

type Settings = { status: 'loading' } | { status: 'ready'; data: AccountSettings } | { status: 'error'; error: unknown }

const kinds: Record<ActiveConnection['kind'], string> = {
  sandbox: 'Embedded sandbox (kinesalite on 127.0.0.1)',
  default: 'AWS CLI defaults',
  profile: 'AWS profile',
  endpoint: 'Custom endpoint'
}

/** The active connection: what it talks to, which services it reaches, and the account's Kinesis settings. */
export function ConnectionDetailsDialog(props: { active: ActiveConnection; onClose: () => void }): React.JSX.Element {
  const a = props.active
  return (
    <Dialog title={`Connection ${a.name}`} onClose={props.onClose}>
      <div className="dialog-body">
        <dl className="connection-details">
          <Row label="Kind">{kinds[a.kind]}</Row>
          {a.profile !== null && <Row label="Profile">{a.profile}</Row>}
          <Row label="Region">{a.region}</Row>
          <Row label="Kinesis endpoint">{a.endpoint ?? `AWS (kinesis.${a.region}.amazonaws.com)`}</Row>
          <Row label="CloudWatch">{serviceText(a.services.cloudwatch)}</Row>
          <Row label="DynamoDB">{serviceText(a.services.dynamodb)}</Row>
          <Row label="Glue Schema Registry">{serviceText(a.services.glue)}</Row>
        </dl>
        <AccountSettingsSection />
      </div>
    </Dialog>
  )
}

/**
 * DescribeAccountSettings, read when the details open: the minimum throughput billing commitment
 * that warm throughput on on-demand streams needs. A refusal (kinesis:DescribeAccountSettings not
 * allowed) or a server without the call is said here and nowhere else.
 */
function AccountSettingsSection(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings>({ status: 'loading' })
  useEffect(() => {
    let live = true
    api.connections.accountSettings({}).then(
      (data) => live && setSettings({ status: 'ready', data }),
      (error: unknown) => live && setSettings({ status: 'error', error })
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <section aria-labelledby="account-settings-heading" className="account-settings">
      <h3 id="account-settings-heading">Account settings</h3>
      {settings.status === 'loading' && <p className="muted">Reading DescribeAccountSettings…</p>}
      {settings.status === 'error' &&
        (settings.error instanceof ApiError && settings.error.code === 'UNSUPPORTED' ? (
          <p className="muted" data-testid="account-settings-unsupported">
            Not available on this server: {settings.error.message}
          </p>
        ) : (
          <ErrorBanner error={settings.error} />
        ))}
      {settings.status === 'ready' && <Commitment settings={settings.data} />}
    </section>
  )
}

function Commitment(props: { settings: AccountSettings }): React.JSX.Element {
  const c = props.settings.commitment
  return (
    <dl className="connection-details" data-testid="account-settings">
      <Row label="Minimum throughput billing commitment">{c === null ? 'None reported' : commitmentText(c.status)}</Row>
      {c?.startedAt != null && <Row label="Started">{dateTimeText(c.startedAt)}</Row>}
      {c?.earliestAllowedEndAt != null && <Row label="Earliest allowed end">{dateTimeText(c.earliestAllowedEndAt)}</Row>}
      {c?.endedAt != null && <Row label="Ended">{dateTimeText(c.endedAt)}</Row>}
      <p className="field-help">
        The commitment (On-demand Advantage) bills the account for a minimum on-demand throughput, for at least 24 hours once enabled, and unlocks
        warm throughput on on-demand streams.
      </p>
    </dl>
  )
}

function commitmentText(status: string): string {
  if (status === 'ENABLED') return 'Enabled'
  if (status === 'DISABLED') return 'Disabled'
  if (status === 'ENABLED_UNTIL_EARLIEST_ALLOWED_END') return 'Enabled until its earliest allowed end (a disable is pending)'
  return status
}

function serviceText(access: ServiceAccess): string {
  return access.available ? (access.endpoint ?? 'AWS') : `Not available: ${access.reason}`
}

function Row(props: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="connection-detail">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}
