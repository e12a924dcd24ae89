/**
 * @wagate/wa-sim — a WhatsApp Web server on localhost that the unmodified Baileys client connects to.
 */
export type { DeviceStatus, EnterPairingCodeInput, LinkedDevice, ScanInput, Target, WaSimControl } from "./control/WaSimControl.ts"
export { WaSimError, type WaSimErrorCode } from "./errors.ts"
export type { FaultControl, FaultInput, FaultView } from "./faults/control.ts"
export type { FaultEffect, FaultScope } from "./faults/Faults.ts"
export type {
  GroupAddressingInput,
  GroupControl,
  GroupMemberView,
  GroupView,
  JoinGroupInput,
  JoinRequestView,
  LeaveGroupInput
} from "./groups/control.ts"
export type { JoinOutcome } from "./groups/ops/invites.ts"
export type { MessageContent } from "./messages/content.ts"
export type { OutgoingContent } from "./messages/compose.ts"
export type { MessageControl, ReadInput, ReceiptSwitch, SendInput } from "./messages/control.ts"
export type { GroupDirectory, GroupMembership } from "./messages/GroupDirectory.ts"
export type { ChatState, ChatStateRecord } from "./messages/ChatStates.ts"
export type { ReceiptRecord, ReceiptSettings, ReceivedMessage, RefusedMessage, SubmittedMessage } from "./messages/records.ts"
export type { MessageContext } from "./messages/content.ts"
export type { Change, RefusalReason } from "./messages/rules.ts"
export type { Log } from "./Log.ts"
export { SOCKET_PATH, startWaSim, type WaSim, type WaSimOptions } from "./startWaSim.ts"
export { WaSimService, WaSimStartFailed } from "./WaSimService.ts"
export { dropLibsignalLogs } from "./support/libsignalLogs.ts"
