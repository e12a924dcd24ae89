/** The integer of at least `min` (default 1) given as `--name N` on the command line, else `fallback`. */
export const argument = (name: string, fallback: number, min = 1): number => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at < 0 ? undefined : Number(process.argv[at + 1])
  return value !== undefined && Number.isInteger(value) && value >= min ? value : fallback
}
