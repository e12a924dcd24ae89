/** Reads a Server-Sent Events stream until it ends, calling `onEvent` with each event's parsed `data`. */
export const readSse = async <A>(response: Response, onEvent: (event: A) => void) => {
  if (response.body === null) throw new Error("the SSE answer has no body")
  const decoder = new TextDecoder()
  let buffer = ""
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true })
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data = block.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n")
      if (data !== "") onEvent(JSON.parse(data) as A)
    }
  }
}
