/** Schemas and values the schema tests share: a pizza order in Avro, JSON Schema and Protobuf. */

export const orderAvsc = JSON.stringify({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'storeId', type: 'int' },
    { name: 'amountCents', type: 'long' },
    { name: 'size', type: { type: 'enum', name: 'Size', symbols: ['SMALL', 'MEDIUM', 'LARGE'] } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'extra', type: ['null', 'string', 'long'], default: null },
    { name: 'signature', type: 'bytes' }
  ]
})

/** An order as the Avro codec shows it (unions name their branch, bytes are base64, longs exact). */
export const orderAvroJson = {
  orderId: 'o-1',
  storeId: 7,
  amountCents: '9007199254740993',
  size: 'LARGE',
  note: { string: 'extra cheese' },
  extra: { long: 12 },
  signature: 'AAEC/w=='
}

/** The same order as avsc's default (unwrapped unions, Buffer bytes) writes it: for an independent encoder. */
export const orderAvsc2 = {
  orderId: 'o-1',
  storeId: 7,
  amountCents: 1234,
  size: 'LARGE',
  note: 'extra cheese',
  extra: null,
  signature: Buffer.from([0, 1, 2, 255])
}

export const orderProto = `
syntax = "proto3";
package shop;

message Refund {
  string orderId = 1;
}

message Order {
  string orderId = 1;
  int32 storeId = 2;
  int64 amountCents = 3;
  Size size = 4;
  repeated Line lines = 5;
  bytes signature = 6;
  message Line {
    int32 pizzaId = 1;
    uint32 quantity = 2;
  }
}

enum Size {
  SIZE_UNSPECIFIED = 0;
  SMALL = 1;
  LARGE = 2;
}
`

/** GSR message indexes of orderProto: sorted full names. */
export const orderProtoIndex = { 'shop.Order': 0, 'shop.Order.Line': 1, 'shop.Refund': 2 }

export const orderJsonSchema = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'OrderPlaced',
  type: 'object',
  required: ['orderId', 'storeId'],
  properties: {
    orderId: { type: 'string', minLength: 1 },
    storeId: { type: 'integer', minimum: 1 },
    size: { enum: ['SMALL', 'LARGE'] },
    lines: { type: 'array', items: { $ref: '#/definitions/line' } }
  },
  additionalProperties: false,
  definitions: {
    line: { type: 'object', required: ['pizzaId'], properties: { pizzaId: { type: 'integer' }, quantity: { type: 'integer', exclusiveMinimum: 0 } } }
  }
})
