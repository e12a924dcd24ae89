import { Effect, Schema, SchemaAST, SchemaIssue } from "effect"
import { ValidationError } from "../domain/errors.ts"

/** What a field the operation does not define is told: the contract refuses unknown fields, naming each. */
export const notAField = "is not a field of this operation"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) => (issue._tag === "UnexpectedKey" ? notAField : SchemaIssue.defaultLeafHook(issue))
})

/** The literal values a union of structs takes at `key`, when every member has one (a discriminated union). */
const discriminants = (union: SchemaAST.Union, key: string): ReadonlyArray<string> | undefined => {
  const values: Array<string> = []
  for (const member of union.types) {
    const property = SchemaAST.isObjects(member) ? member.propertySignatures.find((p) => p.name === key) : undefined
    if (property === undefined || !SchemaAST.isLiteral(property.type)) return undefined
    values.push(String(property.type.literal))
  }
  return values
}

/**
 * A discriminated union that no member matched says "expected A | B | …" about the whole value; callers are
 * better served by "type: must be one of …", at the field they got wrong.
 */
const explainUnions = (issue: SchemaIssue.Issue): SchemaIssue.Issue => {
  switch (issue._tag) {
    case "Pointer":
      return new SchemaIssue.Pointer(issue.path, explainUnions(issue.issue))
    case "Composite":
      return new SchemaIssue.Composite(issue.ast, [explainUnions(issue.issues[0]), ...issue.issues.slice(1).map(explainUnions)], issue.input)
    case "AnyOf": {
      const types = issue.issues.length === 0 ? discriminants(issue.ast, "type") : undefined
      if (types === undefined) return new SchemaIssue.AnyOf(issue.ast, issue.issues.map(explainUnions), issue.input)
      const given = typeof issue.input === "object" && issue.input !== null && "type" in issue.input ? issue.input.type : undefined
      return new SchemaIssue.Pointer(["type"], new SchemaIssue.InvalidValue({ message: `must be one of ${types.join(", ")}` }, given))
    }
    default:
      return issue
  }
}

/** Turns a schema failure into a `ValidationError` whose details name each offending field by its dotted path. */
export const toValidationError = (error: Schema.SchemaError): ValidationError => {
  const details: Record<string, string> = {}
  for (const issue of formatter(explainUnions(error.issue)).issues) {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".")
    const key = path === "" ? "body" : path
    details[key] = details[key] === undefined ? issue.message : `${details[key]}; ${issue.message}`
  }
  const fields = Object.keys(details)
  return new ValidationError({ message: `invalid ${fields.join(", ")}`, details })
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The path of the first string a database cannot store or WhatsApp cannot carry: one with a NUL character or a
 * lone UTF-16 surrogate (JSON allows both as escapes).
 */
export const findUnstorableText = (input: unknown, path: ReadonlyArray<string> = []): ReadonlyArray<string> | undefined => {
  if (typeof input === "string") return input.includes("\u0000") || LONE_SURROGATE.test(input) ? path : undefined
  if (Array.isArray(input)) {
    for (const [index, item] of input.entries()) {
      const found = findUnstorableText(item, [...path, String(index)])
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof input === "object" && input !== null) {
    for (const [key, value] of Object.entries(input)) {
      const found = findUnstorableText(value, [...path, key])
      if (found !== undefined) return found
    }
  }
  return undefined
}

/**
 * Decodes caller input with a schema; a failure is a `ValidationError`, never a defect. Text with a NUL or a lone
 * surrogate is refused first, before anything reaches WhatsApp or the store; a field the schema does not define is
 * refused too (`notAField`), as the HTTP contract says.
 */
export const decodeInput = <S extends Schema.Decoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownEffect(schema)
  return (input: unknown): Effect.Effect<S["Type"], ValidationError, S["DecodingServices"]> => {
    const unstorable = findUnstorableText(input)
    if (unstorable !== undefined) {
      const field = unstorable.length === 0 ? "body" : unstorable.join(".")
      return Effect.fail(invalid(field, "must not contain NUL characters or unpaired surrogates"))
    }
    return decode(input, { errors: "all", onExcessProperty: "error" }).pipe(Effect.mapError(toValidationError))
  }
}

/** A single-field failure, for checks a schema cannot express. */
export const invalid = (field: string, message: string): ValidationError =>
  new ValidationError({ message: `invalid ${field}`, details: { [field]: message } })
