/**
 * The cluster project's setup: the protocol simulator runs in the test process, and libsignal (on the simulator's
 * side) prints whole session records, private keys included, when it opens or closes a session; those lines are
 * dropped from test output (as the wa-sim project's setup does).
 */
import { dropLibsignalLogs } from "@wagate/wa-sim"

dropLibsignalLogs()
