/** What a line of Prometheus' text format may be: a sample, a TYPE line or a HELP line. */
export const sampleLine = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|[+-]Inf|NaN)$/
export const typeLine = /^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/
export const helpLine = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/

/** The value of the one sample with exactly this name and these labels. */
export const valueOf = (text: string, sample: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `))
  return line === undefined ? undefined : Number(line.slice(sample.length + 1))
}
