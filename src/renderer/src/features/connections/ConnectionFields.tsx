import type { ConnectionField, ConnectionForm, ConnectionFormErrors } from './connection-form'
import { useId } from 'react'
import { Field } from '../../components/Field'
import './connection-fields.css'

const NO_PROFILES: readonly string[] = []

/** The fields of the connection form; the profile field suggests the profiles main found. */
export function ConnectionFields(props: {
  form: ConnectionForm
  errors: ConnectionFormErrors
  profiles?: readonly string[]
  onChange: (field: ConnectionField, value: string) => void
  onBlur: (field: ConnectionField) => void
}): React.JSX.Element {
  const { form, errors } = props
  const endpointKind = form.kind === 'endpoint'
  const servicesHelpId = useId()
  const input = (field: ConnectionField) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => props.onChange(field, event.target.value),
    onBlur: () => props.onBlur(field)
  })
  return (
    <>
      <Field label="Name" error={errors.name}>
        {(a11y) => <input {...a11y} {...input('name')} data-autofocus autoComplete="off" placeholder="e.g. Staging" />}
      </Field>
      <Field label="Type" error={errors.kind}>
        {(a11y) => (
          <select {...a11y} {...input('kind')}>
            <option value="profile">AWS profile</option>
            <option value="endpoint">Custom endpoint</option>
          </select>
        )}
      </Field>
      <Field
        label={endpointKind ? 'Profile (optional)' : 'Profile'}
        error={errors.profile}
        help={endpointKind ? 'Leave blank to use the AWS environment, or dummy credentials for a local emulator.' : undefined}
      >
        {(a11y) => (
          <>
            <input {...a11y} {...input('profile')} list="known-profiles" autoComplete="off" placeholder="default" />
            <datalist id="known-profiles">
              {(props.profiles ?? NO_PROFILES).map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Region (optional)" error={errors.region} help={endpointKind ? undefined : 'Blank uses the profile’s region.'}>
        {(a11y) => <input {...a11y} {...input('region')} autoComplete="off" placeholder="us-east-1" />}
      </Field>
      <Field label={endpointKind ? 'Endpoint URL' : 'Endpoint URL (optional)'} error={errors.endpoint}>
        {(a11y) => <input {...a11y} {...input('endpoint')} autoComplete="off" placeholder="http://localhost:4566" />}
      </Field>
      <fieldset className="field-group service-endpoints" aria-describedby={servicesHelpId}>
        <legend>Endpoints of other services (optional)</legend>
        <p id={servicesHelpId} className="field-help">
          With a custom Kinesis endpoint, a service left blank here is not called at all: nothing is sent to AWS (metrics are then the ones the app observes).
        </p>
        <Field label="CloudWatch endpoint (metrics)" error={errors.cloudwatchEndpoint}>
          {(a11y) => <input {...a11y} {...input('cloudwatchEndpoint')} autoComplete="off" placeholder="http://localhost:4566" />}
        </Field>
        <Field label="DynamoDB endpoint (KCL lease tables)" error={errors.dynamodbEndpoint}>
          {(a11y) => <input {...a11y} {...input('dynamodbEndpoint')} autoComplete="off" placeholder="http://localhost:8000" />}
        </Field>
        <Field label="Lambda endpoint (event source mappings)" error={errors.lambdaEndpoint}>
          {(a11y) => <input {...a11y} {...input('lambdaEndpoint')} autoComplete="off" placeholder="http://localhost:4566" />}
        </Field>
        <Field label="Glue endpoint (Glue Schema Registry)" error={errors.glueEndpoint}>
          {(a11y) => <input {...a11y} {...input('glueEndpoint')} autoComplete="off" placeholder="http://localhost:4566" />}
        </Field>
      </fieldset>
    </>
  )
}
