import { Timestamp } from "@wagate/core"
import { Effect, Schema, SchemaTransformation } from "effect"

/** A `timestamptz` column (a `Date` from the driver) as the domain's ISO-8601 string. */
export const TimestampColumn = Schema.Date.pipe(
  Schema.decodeTo(Timestamp, SchemaTransformation.transform({ decode: (date: Date) => date.toISOString(), encode: (iso: string) => new Date(iso) }))
)

/** A `bigint` column (an identity, a count) as a number; they stay far below 2^53. */
export const NumberFromBigInt = Schema.BigInt.pipe(
  Schema.decodeTo(Schema.Int, SchemaTransformation.transform({ decode: (n: bigint) => Number(n), encode: (n: number) => BigInt(n) }))
)

/** Decodes the rows a query returned; a row that does not fit the schema is a bug, so the fiber dies. */
export const decodeRows = <S extends Schema.Top & { readonly DecodingServices: never }>(row: S) => {
  const decode = Schema.decodeUnknownEffect(Schema.Array(row))
  return (rows: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<S["Type"]>> => Effect.orDie(decode(rows))
}
