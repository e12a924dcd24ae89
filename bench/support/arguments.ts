/** The positive integer given as `--name N` on the command line, else `fallback`. */
export const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at < 0 ? undefined : Number(process.argv[at + 1])
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback
}
