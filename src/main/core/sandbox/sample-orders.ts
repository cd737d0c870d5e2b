/**
 * Sample pizza orders in the shape of the seed article's web shop: Id, Source, StoreId, PizzaId,
 * Timestamp. Used to seed the sandbox and by tests that need realistic records.
 */
import { randomUUID } from 'node:crypto'

export interface PizzaOrder {
  Id: string
  Source: string
  StoreId: string
  PizzaId: string
  Timestamp: string
}

const stores = ['100', '101', '205', '342']
const pizzas = ['margherita', 'pepperoni', 'quattro-formaggi', 'hawaiian', 'diavola']

export function sampleOrder(index: number, at: Date = new Date()): PizzaOrder {
  return {
    Id: randomUUID(),
    Source: index % 3 === 0 ? 'mobile' : 'web',
    StoreId: stores[index % stores.length] ?? '100',
    PizzaId: pizzas[index % pizzas.length] ?? 'margherita',
    Timestamp: at.toISOString()
  }
}

/** Orders from one store share a partition key, so they land on one shard in order. */
export function orderPartitionKey(order: PizzaOrder): string {
  return `store-${order.StoreId}`
}
