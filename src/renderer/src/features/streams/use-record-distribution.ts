import type { RecordDistributionStrategy } from '../../../../shared/domain'
import { useDetailEntry } from './details-store'

/** A stream's record distribution strategy once it is described, else null (treated as routing by key). */
export function useRecordDistribution(name: string | null): RecordDistributionStrategy | null {
  return useDetailEntry(name)?.details?.recordDistribution ?? null
}
