/**
 * Which addresses a webhook may not reach (server-side request forgery): the gateway's own host, its private
 * network and the cloud metadata services. Pure functions over address text, so the rules are tested as a table.
 */

/** Why an address is refused. */
export type RefusedRange = "unspecified" | "loopback" | "private" | "link-local" | "metadata" | "multicast" | "reserved"

/** The four bytes of a dotted-quad IPv4 address, or `undefined`. */
export const parseIPv4 = (text: string): ReadonlyArray<number> | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4) return undefined
  const bytes = parts.map((part) => (/^(0|[1-9][0-9]{0,2})$/.test(part) ? Number(part) : Number.NaN))
  return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : undefined
}

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted quad allowed), or `undefined`. */
export const parseIPv6 = (text: string): ReadonlyArray<number> | undefined => {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text
  const address = bare.split("%")[0] ?? ""
  const halves = address.split("::")
  if (halves.length > 2) return undefined
  const groupsOf = (half: string): Array<number> | undefined => {
    if (half === "") return []
    const groups: Array<number> = []
    const pieces = half.split(":")
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece)
        if (v4 === undefined) return undefined
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0))
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(Number.parseInt(piece, 16))
      } else {
        return undefined
      }
    }
    return groups
  }
  const head = groupsOf(halves[0] ?? "")
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : []
  if (head === undefined || tail === undefined) return undefined
  if (halves.length === 1) return head.length === 8 ? head : undefined
  const missing = 8 - head.length - tail.length
  return missing >= 1 ? [...head, ...Array.from({ length: missing }, () => 0), ...tail] : undefined
}

const v4Range = (bytes: ReadonlyArray<number>): RefusedRange | undefined => {
  const [a = 0, b = 0, c = 0, d = 0] = bytes
  if (a === 169 && b === 254 && c === 169 && d === 254) return "metadata"
  if (a === 0) return "unspecified"
  if (a === 127) return "loopback"
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private"
  // Carrier-grade NAT space: not the public internet either.
  if (a === 100 && b >= 64 && b <= 127) return "private"
  if (a === 169 && b === 254) return "link-local"
  if (a >= 224 && a <= 239) return "multicast"
  if (a >= 240) return "reserved"
  return undefined
}

const v6Range = (groups: ReadonlyArray<number>): RefusedRange | undefined => {
  const g = (i: number): number => groups[i] ?? 0
  const embeddedV4 = [g(6) >> 8, g(6) & 0xff, g(7) >> 8, g(7) & 0xff]
  const zeroPrefix = (n: number): boolean => groups.slice(0, n).every((group) => group === 0)
  // The address an AWS instance reaches its metadata service at over IPv6.
  if (g(0) === 0xfd00 && g(1) === 0x0ec2 && groups.slice(2, 7).every((x) => x === 0) && g(7) === 0x254) {
    return "metadata"
  }
  if (zeroPrefix(8)) return "unspecified"
  if (zeroPrefix(7) && g(7) === 1) return "loopback"
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  if (zeroPrefix(5) && g(5) === 0xffff) return v4Range(embeddedV4)
  if (zeroPrefix(6)) return v4Range(embeddedV4)
  if (g(0) === 0x64 && g(1) === 0xff9b && groups.slice(2, 6).every((x) => x === 0)) return v4Range(embeddedV4)
  if ((g(0) & 0xfe00) === 0xfc00) return "private"
  if ((g(0) & 0xffc0) === 0xfe80) return "link-local"
  if ((g(0) & 0xff00) === 0xff00) return "multicast"
  return undefined
}

/** The refused range an IP address (IPv4 or IPv6 text, brackets allowed) falls in; `undefined` when public. */
export const refusedRange = (address: string): RefusedRange | undefined => {
  const v4 = parseIPv4(address)
  if (v4 !== undefined) return v4Range(v4)
  const v6 = parseIPv6(address)
  return v6 === undefined ? undefined : v6Range(v6)
}

/** Whether `host` is an IP literal (so there is nothing to resolve). */
export const isIpLiteral = (host: string): boolean => parseIPv4(host) !== undefined || parseIPv6(host) !== undefined

/** Host names of metadata services, refused by name whatever they resolve to. */
const metadataHosts = new Set(["metadata.google.internal", "metadata.goog", "metadata"])

/** The refused range a host name is in by its name alone (`localhost`, metadata names); `undefined` otherwise. */
export const refusedHostName = (host: string): RefusedRange | undefined => {
  const name = host.toLowerCase().replace(/\.$/, "")
  if (metadataHosts.has(name)) return "metadata"
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback"
  return undefined
}
