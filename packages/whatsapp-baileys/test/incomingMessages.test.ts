import { describe, expect, it } from "@effect/vitest"
import { type InboundChange, type PhoneJid, SessionId } from "@wagate/core"
import { proto, type WAMessage } from "@whiskeysockets/baileys"
import { incomingChange } from "../src/inbound/incomingMessages.ts"

const sessionId = SessionId.make("s1")
const own = { id: "6281100000001:3@s.whatsapp.net", lid: "111111111111111:3@lid" }
const bobPn = "6281100000002@s.whatsapp.net"
const bobLid = "222222222222222@lid"
const group = "120363000000000001@g.us"
const phones: Record<string, PhoneJid> = {}

const change = (message: WAMessage, echo = false): InboundChange | undefined =>
  incomingChange(sessionId, message, own, (lid) => phones[lid], echo)

const at = 1_764_000_000

describe("messages Baileys delivers → inbound changes", () => {
  it("a direct text from a user addressed by LID names the chat by phone JID and the sender by both", () => {
    const got = change({
      key: { remoteJid: bobLid, remoteJidAlt: bobPn, fromMe: false, id: "3EB0AAA" },
      message: { conversation: "hello" },
      messageTimestamp: at
    })
    expect(got).toMatchObject({
      _tag: "MessageReceived",
      message: {
        chatJid: bobPn,
        fromMe: false,
        echo: false,
        from: { jid: bobLid, phoneJid: bobPn, lid: bobLid },
        waMessageId: "3EB0AAA",
        timestamp: new Date(at * 1000).toISOString(),
        body: { type: "text", content: { text: "hello" } },
        replyTo: null,
        mentions: []
      }
    })
  })

  it("a group reply keeps the quoted id and the mentions; the sender is the participant", () => {
    const got = change({
      key: { remoteJid: group, participant: bobLid, participantAlt: bobPn, fromMe: false, id: "3EB0BBB" },
      message: {
        extendedTextMessage: {
          text: "@6281100000001 agreed",
          contextInfo: { stanzaId: "3EB0AAA", participant: own.id, mentionedJid: ["6281100000001@s.whatsapp.net"] }
        },
        messageContextInfo: {}
      },
      messageTimestamp: at
    })
    expect(got).toMatchObject({
      _tag: "MessageReceived",
      message: {
        chatJid: group,
        from: { jid: bobLid, phoneJid: bobPn },
        replyTo: "3EB0AAA",
        mentions: ["6281100000001@s.whatsapp.net"],
        body: { type: "text", content: { text: "@6281100000001 agreed" } }
      }
    })
  })

  it("reactions, polls, locations, contacts and media keep their content; anything else is unsupported", () => {
    const bodyOf = (message: proto.IMessage) => {
      const got = change({ key: { remoteJid: bobPn, fromMe: false, id: "3EB0CCC" }, message, messageTimestamp: at })
      return got?._tag === "MessageReceived" ? got.message.body : undefined
    }
    expect(bodyOf({ reactionMessage: { key: { id: "3EB0AAA", remoteJid: bobPn, fromMe: true }, text: "👍" } })).toEqual({
      type: "reaction",
      content: { emoji: "👍", targetWaMessageId: "3EB0AAA" }
    })
    expect(bodyOf({ pollCreationMessageV3: { name: "Lunch?", options: [{ optionName: "yes" }, { optionName: "no" }], selectableOptionsCount: 1 } }))
      .toEqual({ type: "poll", content: { name: "Lunch?", options: ["yes", "no"], selectableCount: 1 } })
    expect(bodyOf({ locationMessage: { degreesLatitude: -6.2, degreesLongitude: 106.8, name: "Office" } })).toEqual({
      type: "location",
      content: { latitude: -6.2, longitude: 106.8, name: "Office", address: null }
    })
    expect(bodyOf({ contactMessage: { displayName: "Ann", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL;type=CELL;waid=628123456789:+62 812 3456 789\nEND:VCARD" } }))
      .toEqual({ type: "contact", content: { contacts: [{ name: "Ann", phone: "+628123456789" }] } })
    expect(bodyOf({ imageMessage: { mimetype: "image/jpeg", fileLength: 2048, caption: "receipt" } })).toEqual({
      type: "image",
      content: { mimetype: "image/jpeg", size: 2048, caption: "receipt", fileName: null }
    })
    expect(bodyOf({ documentMessage: { mimetype: "application/pdf", fileName: "a.pdf" } })).toEqual({
      type: "document",
      content: { mimetype: "application/pdf", size: null, caption: null, fileName: "a.pdf" }
    })
    expect(bodyOf({ eventMessage: { name: "Party" } })).toEqual({ type: "unsupported", content: { waType: "eventMessage" } })
  })

  it("edits and deletions for everyone name the message they change", () => {
    const edit = change({
      key: { remoteJid: bobPn, fromMe: false, id: "3EB0DDD" },
      message: {
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          key: { id: "3EB0AAA", remoteJid: bobPn, fromMe: true },
          editedMessage: { conversation: "fixed" }
        }
      },
      messageTimestamp: at
    })
    expect(edit).toMatchObject({
      _tag: "MessageEdited",
      revision: { chatJid: bobPn, targetWaMessageId: "3EB0AAA", from: { jid: bobPn } },
      body: { type: "text", content: { text: "fixed" } }
    })
    const deletion = change({
      key: { remoteJid: group, participant: bobPn, fromMe: false, id: "3EB0EEE" },
      message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: "3EB0BBB", remoteJid: group } } },
      messageTimestamp: at
    })
    expect(deletion).toMatchObject({ _tag: "MessageDeleted", revision: { chatJid: group, targetWaMessageId: "3EB0BBB" } })
  })

  it("key material, other protocol messages and stubs without content are not messages of a chat", () => {
    const key = { remoteJid: group, participant: bobPn, fromMe: false, id: "3EB0FFF" }
    expect(change({ key, message: { senderKeyDistributionMessage: { groupId: group } }, messageTimestamp: at })).toBeUndefined()
    expect(change({ key, message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING, key: { id: "x" } } } }))
      .toBeUndefined()
    expect(change({ key, messageStubType: 27, messageTimestamp: at })).toBeUndefined()
  })

  it("the echo of a send is the account's own message, marked as the echo", () => {
    const got = change({ key: { remoteJid: bobPn, fromMe: true, id: "3EB0ABC" }, message: { conversation: "sent" }, messageTimestamp: at }, true)
    expect(got).toMatchObject({
      _tag: "MessageReceived",
      message: { fromMe: true, echo: true, from: { jid: "6281100000001@s.whatsapp.net", lid: "111111111111111@lid" } }
    })
  })
})
