import { assert, describe, it } from "@effect/vitest"
import baileysLogger from "@whiskeysockets/baileys/lib/Utils/logger.js"
import { groupIq, iqErrorCode, sharedWorld } from "./support/groups.ts"

// communities.js logs every community create at info level through Baileys' own module logger, not the socket's.
baileysLogger.level = "silent"

describe("communities", () => {
  const world = sharedWorld("alice", "bob", "carol")

  const createCommunity = async (subject: string) => {
    const created = await world.client("alice").socket.communityCreate(subject, `About ${subject}`)
    if (created === null) throw new Error("communityCreate returned nothing")
    return created
  }

  it("communityCreate makes the community with its announcement group and a general chat", async () => {
    const alice = world.client("alice")
    const community = await createCommunity("Neighbours")
    assert.isTrue(community.isCommunity)
    assert.strictEqual(community.desc, "About Neighbours")
    assert.strictEqual(community.participants[0]?.admin, "superadmin")
    const model = world.sim.control.group(community.id)
    const announcementJid = model.community?.announcementGroup ?? ""
    const [generalJid] = model.community?.subGroups ?? []
    const announcement = await alice.socket.groupMetadata(announcementJid)
    assert.isTrue(announcement.isCommunityAnnounce)
    assert.isTrue(announcement.announce)
    assert.strictEqual(announcement.linkedParent, community.id)
    assert.include(world.sim.control.group(generalJid ?? ""), { subject: "General", linkedParent: community.id })
    const linked = await alice.socket.communityFetchLinkedGroups(community.id)
    assert.isTrue(linked.isCommunity)
    assert.deepStrictEqual(linked.linkedGroups.map((g) => g.id), [announcementJid, generalJid])
    assert.deepStrictEqual(linked.linkedGroups.map((g) => g.subject), ["Neighbours", "General"])
  })

  it("communityCreateGroup and communityLinkGroup put groups in the community; their members join it and its announcement group", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const community = await createCommunity("Street")
    const announcementJid = world.sim.control.group(community.id).community?.announcementGroup ?? ""
    const inside = await alice.socket.communityCreateGroup("Parking", [bob.phoneJid], community.id)
    assert.strictEqual(inside?.linkedParent, community.id)
    const outside = await alice.socket.groupCreate("Gardening", [carol.phoneJid])
    await alice.socket.communityLinkGroup(outside.id, community.id)
    assert.strictEqual(world.sim.control.group(outside.id).linkedParent, community.id)
    assert.deepStrictEqual([...(world.sim.control.group(community.id).community?.subGroups ?? [])].slice(-2), [inside?.id, outside.id])
    const members = (jid: string) => world.sim.control.group(jid).participants.map((p) => p.phoneJid)
    assert.deepStrictEqual(members(community.id), [alice.phoneJid, bob.phoneJid, carol.phoneJid])
    assert.deepStrictEqual(members(announcementJid), [alice.phoneJid, bob.phoneJid, carol.phoneJid])
    // Carol's group was linked: she is told (whatsmeow reads <link link_type="parent_group">).
    const link = await carol.next("notifications", "link", (n) => n.attrs["from"] === outside.id &&
      Array.isArray(n.content) && n.content[0]?.tag === "link")
    assert.strictEqual(Array.isArray(link.content) ? link.content[0]?.attrs["link_type"] : undefined, "parent_group")
    // Asked with a linked group, Baileys finds the community through linkedParent.
    const fromInside = await carol.socket.communityFetchLinkedGroups(outside.id)
    assert.deepStrictEqual([fromInside.communityJid, fromInside.isCommunity], [community.id, false])
    assert.include(fromInside.linkedGroups.map((g) => g.id), outside.id)
    // whatsmeow's GetLinkedGroupsParticipants: every member of the community.
    const participants = await groupIq(carol, community.id, "get", [{ tag: "linked_groups_participants", attrs: {} }])
    const listed = Array.isArray(participants.content) && Array.isArray(participants.content[0]?.content) ? participants.content[0].content : []
    assert.deepStrictEqual(listed.map((p) => p.attrs["phone_number"]), [alice.phoneJid, bob.phoneJid, carol.phoneJid])
  })

  it("linking needs an admin of both (401) and a plain group not in another community (406, 409); unlink takes it out", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const community = await createCommunity("Rules")
    const other = await createCommunity("Elsewhere")
    const bobs = await bob.socket.groupCreate("Bob's", [alice.phoneJid])
    await alice.socket.communityParticipantsUpdate(community.id, [bob.phoneJid], "add")
    assert.strictEqual(await iqErrorCode(alice.socket.communityLinkGroup(bobs.id, community.id)), 401, "not an admin of the group")
    assert.strictEqual(await iqErrorCode(bob.socket.communityLinkGroup(bobs.id, community.id)), 401, "not an admin of the community")
    assert.strictEqual(await iqErrorCode(alice.socket.communityLinkGroup(other.id, community.id)), 406, "a community")
    const mine = await alice.socket.groupCreate("Mine", [])
    await alice.socket.communityLinkGroup(mine.id, other.id)
    assert.strictEqual(await iqErrorCode(alice.socket.communityLinkGroup(mine.id, community.id)), 409)

    await alice.socket.communityUnlinkGroup(mine.id, other.id)
    assert.isNull(world.sim.control.group(mine.id).linkedParent)
    assert.notInclude(world.sim.control.group(other.id).community?.subGroups ?? [], mine.id)
    assert.strictEqual(await iqErrorCode(alice.socket.communityUnlinkGroup(mine.id, other.id)), 404)
    await alice.socket.communityLinkGroup(mine.id, community.id)
    assert.strictEqual(world.sim.control.group(mine.id).linkedParent, community.id)
  })

  it("the group calls work on a community: subject, settings, join approval (community_join), invite", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const community = await createCommunity("Renamed later")
    await alice.socket.communityUpdateSubject(community.id, "Renamed")
    await alice.socket.communitySettingUpdate(community.id, "locked")
    await alice.socket.communityMemberAddMode(community.id, "all_member_add")
    await alice.socket.communityJoinApprovalMode(community.id, "on")
    assert.include(world.sim.control.group(community.id), {
      subject: "Renamed",
      locked: true,
      memberAddMode: "all_member_add",
      joinApproval: true
    })
    const code = (await alice.socket.communityInviteCode(community.id)) ?? ""
    assert.strictEqual(world.sim.control.group(community.id).inviteCode, code)
    assert.isUndefined(await bob.socket.groupAcceptInvite(code), "a request, as the community needs approval")
    assert.deepStrictEqual(world.sim.control.group(community.id).requests.map((r) => r.phoneJid), [bob.phoneJid])
    assert.deepStrictEqual((await alice.socket.communityRequestParticipantsUpdate(community.id, [bob.phoneJid], "approve")).map((r) => r.status), ["200"])
    const announcementJid = world.sim.control.group(community.id).community?.announcementGroup ?? ""
    assert.isTrue(world.sim.control.group(announcementJid).participants.some((p) => p.phoneJid === bob.phoneJid))
  })

  it("members added to the community join its announcement group; removing with linked_groups and leaving take them out of every group", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const carol = world.client("carol")
    const community = await createCommunity("Club")
    const model = world.sim.control.group(community.id)
    const announcementJid = model.community?.announcementGroup ?? ""
    const generalJid = model.community?.subGroups[0] ?? ""
    const results = await alice.socket.communityParticipantsUpdate(community.id, [bob.phoneJid, carol.phoneJid], "add")
    assert.deepStrictEqual(results.map((r) => r.status), ["200", "200"])
    await alice.socket.groupParticipantsUpdate(generalJid, [bob.phoneJid, carol.phoneJid], "add")
    const isIn = (jid: string, who: string) => world.sim.control.group(jid).participants.some((p) => p.phoneJid === who)
    assert.isTrue(isIn(announcementJid, bob.phoneJid) && isIn(announcementJid, carol.phoneJid))

    await alice.socket.communityParticipantsUpdate(community.id, [bob.phoneJid], "remove")
    assert.deepStrictEqual([community.id, announcementJid, generalJid].map((jid) => isIn(jid, bob.phoneJid)), [false, false, false])
    await carol.socket.communityLeave(community.id)
    assert.deepStrictEqual([community.id, announcementJid, generalJid].map((jid) => isIn(jid, carol.phoneJid)), [false, false, false])
    const left = await alice.next("participants", "carol left the general chat", (u) => u.id === generalJid && u.action === "remove" && u.author === carol.lid)
    assert.deepStrictEqual(left.participants.map((p) => p.id), [carol.lid])
  })
})
