/** The `p`th percentile of ascending `sorted` values (NaN when there are none). */
export const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

export const ms = (value: number) => `${value.toFixed(1)} ms`

/** Runs `task` for 0..count-1, `limit` at a time. */
export const pool = async (count: number, limit: number, task: (i: number) => Promise<void>) => {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) await task(next++)
  }))
}
