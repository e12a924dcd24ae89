import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from "../protocol/baileys.ts"

type Stored = SignalDataTypeMap[keyof SignalDataTypeMap]

/** A Signal key store in memory (sessions, pre-keys, sender keys, identities, LID mappings) for a device the simulator plays. */
export const memoryKeyStore = (): SignalKeyStore => {
  const data = new Map<string, Stored>()
  return {
    get: <T extends keyof SignalDataTypeMap>(type: T, ids: Array<string>) => {
      const found: { [id: string]: SignalDataTypeMap[T] } = {}
      for (const id of ids) {
        const value = data.get(`${type}/${id}`)
        // The store hands back what it was given for this type.
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
