import { groupsIq } from "../groups/handler.ts"
import { abt } from "./abt.ts"
import { blocklist } from "./blocklist.ts"
import type { IqHandlers } from "./dispatch.ts"
import { encrypt } from "./encrypt.ts"
import { md } from "./md.ts"
import { passive } from "./passive.ts"
import { ping } from "./ping.ts"
import { privacy } from "./privacy.ts"
import { usync } from "./usync.ts"

/** Every namespace the simulator answers for a logged-in device. */
export const iqHandlers: IqHandlers = {
  abt,
  blocklist,
  encrypt,
  md,
  passive,
  privacy,
  usync,
  "w:p": ping,
  "w:g2": groupsIq
}
