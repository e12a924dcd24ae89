import { Context, type Duration } from "effect"

/** How the gateway streams events to one client (`GET /events`). */
export interface EventStreamSettingsShape {
  /** How often a `: heartbeat` comment is sent, so proxies keep an idle stream open. */
  readonly heartbeat: Duration.Input
  /** Live events that may wait for a client before it is cut off as too slow. */
  readonly buffer: number
  /**
   * How long the connection may accept nothing (not even a heartbeat) before it is closed: a client that stopped
   * reading altogether. Longer than `heartbeat`, or idle streams would be closed.
   */
  readonly stallTimeout: Duration.Input
}

/** 15 s heartbeats, a buffer of 1,000 events and 60 s of stall unless the gateway is composed with others (tests). */
export const EventStreamSettings = Context.Reference<EventStreamSettingsShape>("@wagate/http/EventStreamSettings", {
  defaultValue: () => ({ heartbeat: "15 seconds", buffer: 1000, stallTimeout: "60 seconds" })
})
