import { type Route, targetOf } from "../control/routes.ts"
import type { GroupControl } from "./control.ts"

/**
 * The group operations over HTTP that change the model: `POST /control/group-addressing`, `POST
 * /control/join-group` (`{jid|sessionId, group|code}`), `POST /control/leave-group` (`{jid|sessionId, group}`).
 * The reads (`GET /control/groups[/<jid>]`) are in `control/http.ts`.
 */
export const groupRoutes = (control: GroupControl): Record<string, Route> => ({
  "group-addressing": {
    fields: ["mode", "jid", "sessionId"],
    run: (body) => control.setGroupAddressing({ ...targetOf(body), mode: body["mode"] ?? "" })
  },
  "join-group": {
    fields: ["jid", "sessionId", "group", "code"],
    run: (body) => control.joinGroup({ ...targetOf(body), group: body["group"], code: body["code"] })
  },
  "leave-group": {
    fields: ["jid", "sessionId", "group"],
    run: (body) => control.leaveGroup({ ...targetOf(body), group: body["group"] ?? "" })
  }
})
