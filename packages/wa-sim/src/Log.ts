/** Where the simulator reports what it does; the default says nothing. Never given key material. */
export type Log = (level: "debug" | "info" | "warn", message: string, fields?: Record<string, unknown>) => void

export const silentLog: Log = () => {}
