import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { WebSocketServer } from "ws"
import { CONTROL_PATH, handleControlRequest } from "./control/http.ts"
import { makeControl, type WaSimControl } from "./control/WaSimControl.ts"
import type { Log } from "./Log.ts"
import type { GroupDirectory } from "./messages/GroupDirectory.ts"
import type { KeyPair } from "./protocol/baileys.ts"
import { Simulator } from "./Simulator.ts"

/** Where the client connects: the path of WhatsApp's own socket (`wss://web.whatsapp.com/ws/chat`). */
export const SOCKET_PATH = "/ws/chat"

export interface WaSimOptions {
  /** The port to listen on; 0 (the default) takes a free one. */
  readonly port?: number | undefined
  /** The interface to listen on; 127.0.0.1 by default. */
  readonly host?: string | undefined
  /** The root key pair that signs the server's certificate chain, to keep one root across restarts; new when omitted. */
  readonly rootKey?: KeyPair | undefined
  readonly log?: Log | undefined
  /** Who is in which group, for group sends: the simulator's group model by default; a unit test may give its own. */
  readonly groups?: GroupDirectory | undefined
}

/** A running simulator. */
export interface WaSim {
  /** The client's socket URL (Baileys' `waWebSocketUrl`, wagate's `WAGATE_WA_URL`). */
  readonly url: string
  /** The base64 public key of the root that signs the certificate chain (`WA_CERT_DETAILS.PUBLIC_KEY`, `WAGATE_WA_CERT_ROOT`). */
  readonly rootPublicKey: string
  /** The control API's HTTP address on the same port. */
  readonly controlUrl: string
  readonly port: number
  /** The control API, in process. */
  readonly control: WaSimControl
  /** Closes every socket and stops listening. */
  readonly close: () => Promise<void>
}

/** Starts a simulated WhatsApp Web server: the client socket at `/ws/chat` and the control API at `/control`. */
export const startWaSim = async (options: WaSimOptions = {}): Promise<WaSim> => {
  const host = options.host ?? "127.0.0.1"
  const simulator = new Simulator({ rootKey: options.rootKey, log: options.log, groups: options.groups })
  const control = makeControl(simulator)
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 })
  const rootPublicKey = Buffer.from(simulator.rootKey.public).toString("base64")
  let urls = { url: "", controlUrl: "" }
  const onControl = handleControlRequest(control, () => ({
    websocket: urls.url,
    rootPublicKey,
    pid: process.pid,
    operations: [
      ...["GET devices", "POST clock", "POST scan", "POST enter-pairing-code", "POST unlink", "POST drop", "POST refuse", "POST accept"],
      ...["GET groups", "GET groups/{jid}", "POST group-addressing", "POST join-group", "POST leave-group"],
      ...["GET messages", "GET submissions", "GET refusals", "GET chatstates", "GET receipts", "POST send", "POST receipt-settings", "POST read"],
      ...["POST fault", "GET faults", "POST clear-faults"]
    ]
  }))
  const server = createServer((request, response) => void onControl(request, response))
  server.on("upgrade", (request, socket, head) => {
    const path = new URL(request.url ?? "/", "http://sim").pathname
    if (path !== SOCKET_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => simulator.accept(ws))
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`
  urls = { url: `ws://${authority}${SOCKET_PATH}`, controlUrl: `http://${authority}${CONTROL_PATH}` }
  let closing: Promise<void> | undefined
  return {
    ...urls,
    rootPublicKey,
    port,
    control,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        simulator.closeAll()
        sockets.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }))
  }
}
