import { type AuthenticationState, initAuthCreds, type SignalDataSet, type SignalDataTypeMap } from "@whiskeysockets/baileys"

/**
 * A client's credentials and Signal keys in memory, as a gateway's store would keep them. Baileys updates
 * `creds` in place on `creds.update`, so the same object carries the pairing over to the next socket.
 */
export const memoryAuth = (): AuthenticationState => {
  const data = new Map<string, unknown>()
  return {
    creds: initAuthCreds(),
    keys: {
      get: <T extends keyof SignalDataTypeMap>(type: T, ids: Array<string>) => {
        const found: { [id: string]: SignalDataTypeMap[T] } = {}
        for (const id of ids) {
          const value = data.get(`${type}/${id}`)
          if (value !== undefined) found[id] = value as SignalDataTypeMap[T]
        }
        return found
      },
      set: (set: SignalDataSet) => {
        for (const [type, values] of Object.entries(set)) {
          for (const [id, value] of Object.entries(values ?? {})) {
            if (value === null || value === undefined) data.delete(`${type}/${id}`)
            else data.set(`${type}/${id}`, value)
          }
        }
      }
    }
  }
}
