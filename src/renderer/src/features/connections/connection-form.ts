/**
 * The "Add connection" form as plain data, and its validation with the contract's own schema:
 * the renderer shows the same rules main enforces, before anything is sent.
 */
import { connectionInputSchema, type InputOf } from '../../../../shared/contract'
import type { ActiveConnection } from '../../../../shared/domain'

export interface ConnectionForm {
  name: string
  kind: 'profile' | 'endpoint'
  profile: string
  region: string
  endpoint: string
  cloudwatchEndpoint: string
  dynamodbEndpoint: string
  glueEndpoint: string
}

export type ConnectionField = keyof ConnectionForm
export type ConnectionFormErrors = Partial<Record<ConnectionField, string>>
export type ConnectionInput = InputOf<'connections.save'>

export const emptyConnectionForm: ConnectionForm = {
  name: '',
  kind: 'endpoint',
  profile: '',
  region: '',
  endpoint: '',
  cloudwatchEndpoint: '',
  dynamodbEndpoint: '',
  glueEndpoint: ''
}

/** Trims every field and leaves out the blank ones: blank means "use the default". */
export function toConnectionInput(form: ConnectionForm): ConnectionInput {
  const input: ConnectionInput = { name: form.name.trim(), kind: form.kind }
  const profile = form.profile.trim()
  const region = form.region.trim()
  const endpoint = form.endpoint.trim()
  if (profile !== '') input.profile = profile
  if (region !== '') input.region = region
  if (endpoint !== '') input.endpoint = endpoint
  const cloudwatchEndpoint = form.cloudwatchEndpoint.trim()
  const dynamodbEndpoint = form.dynamodbEndpoint.trim()
  if (cloudwatchEndpoint !== '') input.cloudwatchEndpoint = cloudwatchEndpoint
  if (dynamodbEndpoint !== '') input.dynamodbEndpoint = dynamodbEndpoint
  const glueEndpoint = form.glueEndpoint.trim()
  if (glueEndpoint !== '') input.glueEndpoint = glueEndpoint
  return input
}

export type ConnectionValidation = { ok: true; input: ConnectionInput } | { ok: false; errors: ConnectionFormErrors }

export function validateConnectionForm(form: ConnectionForm): ConnectionValidation {
  const input = toConnectionInput(form)
  const result = connectionInputSchema.safeParse(input)
  if (result.success) return { ok: true, input }
  const errors: ConnectionFormErrors = {}
  for (const issue of result.error.issues) {
    const field = issue.path[0]
    if (typeof field === 'string' && field in form) errors[field as ConnectionField] ??= issue.message
  }
  return { ok: false, errors }
}

/** "Local sandbox · us-east-1 · http://127.0.0.1:4567": what the app is connected to. */
export function describeActive(active: ActiveConnection): string {
  return [active.name, active.profile !== null ? `profile ${active.profile}` : null, active.region, active.endpoint]
    .filter((part) => part !== null)
    .join(' · ')
}
