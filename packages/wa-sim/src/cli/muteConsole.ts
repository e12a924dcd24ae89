/**
 * The command's own output goes through `process.stdout`/`stderr`; `console.log`, `info`, `warn` and `debug`
 * are silenced in its process because libsignal (the Signal code behind the played phones) prints whole session
 * records, private ratchet keys included, with `console.info`/`console.warn` when it opens or closes a session.
 * `console.error` stays for failures.
 */
export const muteConsole = (): void => {
  const silent = () => {}
  console.log = silent
  console.info = silent
  console.warn = silent
  console.debug = silent
}
