import type { QrCode } from "@wagate/core"
import { Effect } from "effect"

/** `qrcode` (with `pngjs`) loads on the first QR picture asked for, not at start-up (ADR 0018); Node caches it. */
const qrcode = Effect.promise(() => import("qrcode")).pipe(Effect.map((module) => module.default))

export type QrFormat = "json" | "png" | "svg"

const FORMATS: Record<string, QrFormat> = {
  "application/json": "json",
  "application/*": "json",
  "*/*": "json",
  "image/png": "png",
  "image/*": "png",
  "image/svg+xml": "svg"
}

/** What `Accept` asks for, by `q` and then by order; JSON when it names nothing we make. */
export const qrFormat = (accept: string | undefined): QrFormat => {
  const ranked = (accept ?? "")
    .split(",")
    .map((part, index) => {
      const [type = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase())
      const q = params.find((p) => p.startsWith("q="))
      return { format: FORMATS[type], q: q === undefined ? 1 : Number(q.slice(2)) || 0, index }
    })
    .filter((range) => range.format !== undefined && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked[0]?.format ?? "json"
}

/** The QR code as a PNG. */
export const qrPng = (qr: string) =>
  qrcode.pipe(
    Effect.flatMap((QRCode) => Effect.promise(() => QRCode.toBuffer(qr, { type: "png", margin: 2, scale: 6 }))),
    Effect.map((buffer) => new Uint8Array(buffer))
  )

/** The QR code as SVG text. */
export const qrSvg = (qr: string) =>
  qrcode.pipe(Effect.flatMap((QRCode) => Effect.promise(() => QRCode.toString(qr, { type: "svg", margin: 2 }))))

/** The QR code in the format the caller's `Accept` prefers: `{qr, expiresAt}`, a PNG or an SVG. */
export const renderQr = (qr: QrCode, accept: string | undefined): Effect.Effect<QrCode | Uint8Array | string> => {
  switch (qrFormat(accept)) {
    case "png":
      return qrPng(qr.qr)
    case "svg":
      return qrSvg(qr.qr)
    case "json":
      return Effect.succeed(qr)
  }
}
