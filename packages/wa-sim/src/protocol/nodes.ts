import type { BinaryNode } from "./baileys.ts"

/** Builds a binary node; attributes whose value is undefined are left out. */
export const node = (
  tag: string,
  attrs: Record<string, string | undefined> = {},
  content?: BinaryNode["content"]
): BinaryNode => {
  const defined: Record<string, string> = {}
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) defined[key] = value
  return content === undefined ? { tag, attrs: defined } : { tag, attrs: defined, content }
}

/** The child nodes of a node (none when its content is bytes or text). */
export const children = (parent: BinaryNode | undefined): ReadonlyArray<BinaryNode> =>
  Array.isArray(parent?.content) ? parent.content : []

/** The first child with the tag. */
export const child = (parent: BinaryNode | undefined, tag: string): BinaryNode | undefined =>
  children(parent).find((c) => c.tag === tag)

/** A node's content as bytes (text content is UTF-8 encoded), or undefined when it has children or none. */
export const contentBytes = (n: BinaryNode | undefined): Uint8Array | undefined => {
  const content = n?.content
  if (content instanceof Uint8Array) return content
  if (typeof content === "string") return new TextEncoder().encode(content)
  return undefined
}

/** A node for logs: tag, attributes and child tags, without byte content (which may be key material). */
export const describeNode = (n: BinaryNode): string => {
  const attrs = Object.entries(n.attrs).map(([k, v]) => `${k}=${v}`).join(" ")
  const inner = Array.isArray(n.content) ? n.content.map(describeNode).join("") : n.content === undefined ? "" : "…"
  return `<${n.tag}${attrs ? " " + attrs : ""}>${inner}</${n.tag}>`
}
