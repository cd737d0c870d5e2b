declare module 'kinesalite' {
  import type { Server } from 'node:http'
  interface KinesaliteOptions {
    /** A LevelDB folder; in memory when absent. */
    path?: string
    createStreamMs?: number
    deleteStreamMs?: number
    updateStreamMs?: number
    shardLimit?: number
  }
  function kinesalite(options?: KinesaliteOptions): Server
  export = kinesalite
}
