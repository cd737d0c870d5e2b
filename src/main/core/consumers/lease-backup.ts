/**
 * The backup a rewind writes before touching a lease table: every lease item of the stream (those
 * it is about to change listed in `rewriting`), exactly as DynamoDB returned it (attribute-value JSON, the form `aws dynamodb put-item
 * --item` takes), so the items can be put back by Undo or by hand.
 */
import type { RewindTarget } from '../../../shared/lease-rewind'
import { AppFailure } from '../../../shared/errors'
import { jsonFileText, writeJsonFile } from '../json-file'
import type { Item } from './lease-table'

export interface LeaseBackup {
  format: 'kinesis-inspector/lease-backup'
  version: 1
  table: string
  stream: string
  takenAt: string
  /** What the rewind was about to set. */
  target: RewindTarget
  /** The lease keys the rewind writes (Undo restores those it wrote). */
  rewriting: string[]
  items: Item[]
}

/** `orders-app-leases-2026-12-07T09-12-00Z.json`: the table and when, in characters every file system takes. */
export function backupFileName(table: string, at: Date): string {
  return `${table}-leases-${at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`
}

/** The backup as written to its file (writeJsonFile's form), also what the web host downloads. */
export function leaseBackupJson(backup: LeaseBackup): string {
  return jsonFileText(backup)
}

export async function writeLeaseBackup(path: string, backup: LeaseBackup): Promise<void> {
  try {
    await writeJsonFile(path, backup)
  } catch (error) {
    throw new AppFailure(
      'FILE_WRITE_FAILED',
      `Cannot write the lease backup ${path}: ${(error as Error).message}. Nothing was written to the table.`,
      'Pick a folder you can write to, then rewind again.'
    )
  }
}
