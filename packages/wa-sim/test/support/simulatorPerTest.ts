import { afterEach, beforeEach } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { type TestClient, trustSimulator } from "./client.ts"

/** A simulator for each test of the calling `describe`, and the clients a test registers to be ended after it. */
export interface SimulatorPerTest {
  /** This test's simulator (its root key trusted by the clients). */
  readonly sim: WaSim
  /** Clients to end when the test is over, before its simulator closes. */
  readonly clients: Array<TestClient>
}

/** Starts a fresh simulator before each test of the calling `describe` and ends its clients and it after. */
export const simulatorPerTest = (): SimulatorPerTest => {
  let current: WaSim | undefined
  const clients: Array<TestClient> = []
  beforeEach(async () => {
    current = await startWaSim()
    trustSimulator(current)
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.end()
    await current?.close()
    current = undefined
  })
  return {
    clients,
    get sim() {
      if (current === undefined) throw new Error("the simulator exists only while a test runs")
      return current
    }
  }
}
