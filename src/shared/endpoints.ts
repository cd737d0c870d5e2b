/**
 * The name of the server a connection's Kinesis calls go to, as main's errors and the renderer's
 * "waiting for …" line both say it: the custom endpoint when there is one, else the regional
 * AWS endpoint. No electron, no node.
 */
export function kinesisEndpointName(region: string | null | undefined, endpoint: string | null | undefined): string {
  if (endpoint !== null && endpoint !== undefined && endpoint !== '') return endpoint
  return region !== null && region !== undefined ? `kinesis.${region}.amazonaws.com` : 'the Kinesis endpoint'
}

function parsedUrl(endpoint: string): URL | null {
  try {
    return new URL(endpoint)
  } catch {
    return null
  }
}

/** True when the URL carries a user name or password (http://user:pass@host). */
export function hasUserinfo(endpoint: string): boolean {
  const url = parsedUrl(endpoint)
  return url !== null && (url.username !== '' || url.password !== '')
}

/**
 * An endpoint as it may be shown: a user name and password in it become "***". AWS_ENDPOINT_URL
 * or a profile's endpoint_url may carry them (a proxy's basic auth); the clients use the whole
 * URL, but it never crosses to the renderer, an error message or a log.
 */
export function shownEndpoint(endpoint: string): string {
  const url = parsedUrl(endpoint)
  if (url === null || (url.username === '' && url.password === '')) return endpoint
  url.username = '***'
  url.password = ''
  // URL adds a "/" path to a bare origin; keep the endpoint as it was written otherwise.
  return endpoint.endsWith('/') ? url.href : url.href.replace(/\/$/, '')
}
