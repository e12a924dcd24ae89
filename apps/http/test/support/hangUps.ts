/**
 * Clients that hang up mid-request, as a separate process (so they race the gateway for real, as outside
 * clients do): `node hangUps.ts <port> <loops> <base64 request>` opens `loops` concurrent loops that each connect
 * to 127.0.0.1:<port>, write the request and destroy the socket 0–25 ms later, again and again, until stdin
 * closes. Prints the number of hang-ups done on exit.
 */
import * as Net from "node:net"

const [portArg, loopsArg, requestArg] = process.argv.slice(2)
const port = Number(portArg)
const loops = Number(loopsArg)
const request = Buffer.from(requestArg ?? "", "base64")
let running = true
let hangUps = 0

const hangUp = () =>
  new Promise<void>((resolve) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    socket.on("error", () => undefined)
    socket.on("close", () => resolve())
    socket.once("connect", () => {
      socket.write(request)
      setTimeout(() => socket.destroy(), Math.floor(Math.random() * 26))
    })
  })

const loop = async () => {
  while (running) {
    await hangUp()
    hangUps++
  }
}

const all = Promise.all(Array.from({ length: loops }, loop))
process.stdout.write("started\n")
process.stdin.resume()
process.stdin.on("end", () => {
  running = false
  void all.then(() => process.stdout.write(`hangups ${hangUps}\n`))
})
