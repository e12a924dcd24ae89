/** What `wa-sim` was asked to do. */
export type Arguments =
  | { readonly _tag: "Run"; readonly port: number; readonly host: string }
  | { readonly _tag: "Help" }
  | { readonly _tag: "Invalid"; readonly message: string }

export const usage = `usage: wa-sim [--port N] [--host HOST]
  --port N     port to listen on (default: a free port)
  --host HOST  interface to listen on (default: 127.0.0.1)
`

/** Reads `--port N`, `--port=N`, `--host H`, `--help`. */
export const parseArguments = (argv: ReadonlyArray<string>): Arguments => {
  let port = 0
  let host = "127.0.0.1"
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--help" || arg === "-h") return { _tag: "Help" }
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined]
    if (name !== "--port" && name !== "--host") return { _tag: "Invalid", message: `unknown argument ${arg}` }
    const value = inline ?? argv[++i]
    if (value === undefined || value === "") return { _tag: "Invalid", message: `${name} needs a value` }
    if (name === "--host") {
      host = value
      continue
    }
    if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) {
      return { _tag: "Invalid", message: `--port must be a number from 0 to 65535, not ${value}` }
    }
    port = Number(value)
  }
  return { _tag: "Run", port, host }
}
