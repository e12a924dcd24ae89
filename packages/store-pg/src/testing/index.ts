export * from "./freshDatabase.ts"
export * from "./tcpProxy.ts"
