import { Effect, Schema, SchemaIssue } from "effect"
import { ValidationError } from "../domain/errors.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Turns a schema failure into a `ValidationError` whose details name each offending field by its dotted path. */
export const toValidationError = (error: Schema.SchemaError): ValidationError => {
  const details: Record<string, string> = {}
  for (const issue of formatter(error.issue).issues) {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".")
    const key = path === "" ? "body" : path
    details[key] = details[key] === undefined ? issue.message : `${details[key]}; ${issue.message}`
  }
  const fields = Object.keys(details)
  return new ValidationError({ message: `invalid ${fields.join(", ")}`, details })
}

/** Decodes caller input with a schema; a failure is a `ValidationError`, never a defect. */
export const decodeInput = <S extends Schema.Decoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownEffect(schema)
  return (input: unknown): Effect.Effect<S["Type"], ValidationError, S["DecodingServices"]> =>
    decode(input, { errors: "all", onExcessProperty: "ignore" }).pipe(Effect.mapError(toValidationError))
}

/** A single-field failure, for checks a schema cannot express. */
export const invalid = (field: string, message: string): ValidationError =>
  new ValidationError({ message: `invalid ${field}`, details: { [field]: message } })
