import { Context, type Duration } from "effect"

/** How the gateway streams events to one client (`GET /events`). */
export interface EventStreamSettingsShape {
  /** How often a `: heartbeat` comment is sent, so proxies keep an idle stream open. */
  readonly heartbeat: Duration.Input
  /** Live events that may wait for a client before it is cut off as too slow. */
  readonly buffer: number
}

/** 15 s heartbeats and a buffer of 1,000 events unless the gateway is composed with others (tests). */
export const EventStreamSettings = Context.Reference<EventStreamSettingsShape>("@wagate/http/EventStreamSettings", {
  defaultValue: () => ({ heartbeat: "15 seconds", buffer: 1000 })
})
