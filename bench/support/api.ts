/** The bearer token the benches give their gateways (`WAGATE_DEV_TOKENS=bench-token=bench:read,send,manage`). */
export const BENCH_TOKEN = "bench-token"

/** One call to a gateway's `/api/v1` on `port`; a non-2xx answer throws with its body. */
export const callApi = async <A>(port: number, method: string, path: string, json?: unknown): Promise<A> => {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  // The benches read a few fields of answers they know the shape of (API.md).
  return (text === "" ? {} : JSON.parse(text)) as A
}

/** Runs `task` over `items`, `limit` at a time. */
export const pool = async <A>(items: ReadonlyArray<A>, limit: number, task: (item: A) => Promise<void>): Promise<void> => {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++] as A)
  }))
}
