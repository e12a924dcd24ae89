/** The intro a client sends before its first frame: `WA`, the protocol version 6 and the dictionary version. */
const WA = [0x57, 0x41]
/** With edge routing info the intro is `ED 0 1 <3-byte length> <routing info>` and then the `WA` header. */
const ED = [0x45, 0x44]
const HEADER_LENGTH = 4
const MAX_FRAME = (1 << 24) - 1

/** A stream that does not speak the WhatsApp Web framing. */
export class FramingError extends Error {
  override readonly name = "FramingError"
}

/**
 * Cuts the client's byte stream into frames: first the intro (whose `WA` header is the Noise prologue), then
 * 3-byte big-endian length-prefixed frames, several or partial ones per WebSocket message
 * (Baileys' `encodeFrame`/`decodeFrame` in Utils/noise-handler.js; whatsmeow's `FrameSocket`, socket/framesocket.go).
 */
export class FrameReader {
  private buffer: Uint8Array = new Uint8Array(0)
  private header: Uint8Array | undefined

  /** The 4-byte `WA` header once the intro has been read. */
  get prologue(): Uint8Array | undefined {
    return this.header
  }

  /** Adds received bytes and returns the frames they complete. */
  push(data: Uint8Array): ReadonlyArray<Uint8Array> {
    this.buffer = this.buffer.length === 0 ? data : concat(this.buffer, data)
    if (this.header === undefined && !this.readIntro()) return []
    const frames: Array<Uint8Array> = []
    while (this.buffer.length >= 3) {
      const size = (this.buffer[0]! << 16) | (this.buffer[1]! << 8) | this.buffer[2]!
      if (this.buffer.length < size + 3) break
      frames.push(this.buffer.subarray(3, size + 3))
      this.buffer = this.buffer.subarray(size + 3)
    }
    return frames
  }

  private readIntro(): boolean {
    let offset = 0
    if (this.buffer[0] === ED[0] && this.buffer[1] === ED[1]) {
      if (this.buffer.length < 7) return false
      offset = 7 + ((this.buffer[4]! << 16) | (this.buffer[5]! << 8) | this.buffer[6]!)
    }
    if (this.buffer.length < offset + HEADER_LENGTH) return false
    if (this.buffer[offset] !== WA[0] || this.buffer[offset + 1] !== WA[1]) {
      throw new FramingError("the stream does not start with the WhatsApp Web intro")
    }
    this.header = this.buffer.slice(offset, offset + HEADER_LENGTH)
    this.buffer = this.buffer.subarray(offset + HEADER_LENGTH)
    return true
  }
}

/** Prefixes a frame with its 3-byte length (the server sends no intro). */
export const encodeFrame = (data: Uint8Array): Uint8Array => {
  if (data.length > MAX_FRAME) throw new FramingError(`frame of ${data.length} bytes is over the 3-byte length limit`)
  const frame = new Uint8Array(data.length + 3)
  frame[0] = (data.length >>> 16) & 0xff
  frame[1] = (data.length >>> 8) & 0xff
  frame[2] = data.length & 0xff
  frame.set(data, 3)
  return frame
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}
