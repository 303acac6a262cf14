import { STAGES } from '../domain';

export const STAGES_FOR_FILTER = STAGES;

/** The CLI's help, zh-CN first. */
export function usage(): string {
  return `审计工具（只读）/ audit tool (read-only) — npm run -s audit -- <command>

  timeline <key> [--json]                 办理全过程：每个事件、人员、依据、文件哈希、审查结果（含被拒绝的请求）
                                          every event in order: who, what, rule, documents, gate (refusals too)
  replay <key> [--json]                   用现行工作流代码重放历史，报告首个分歧 / replay the history on the current code
  replay --all [--stage S] [--organ U] [--sponsor U]
                                          批量重放（进度条与汇总）/ every procedure, or a filtered set, with a summary
  replay --bundle <dir>                   离线重放归档中的历史 / replay an exported archive's histories offline
  as-of <key> <instant|YYYY-MM-DD>        某一时刻（或北京时间某日结束时）的程序状态 / state as of an instant or day
  export <key> <dir>                      导出签名归档（历史、全部文件、清单、哈希链、Ed25519 签名）/ signed archive
  verify <dir> <public-key.pem>           离线校验归档：报告每个被改动、缺失或多出的文件 / verify offline
  acts --person <id> | --unit <name> [--stage S] [--json]
                                          某人或某单位在全部程序中的行为（决定、审查、异议、暂停……）/ acts across procedures
  delayed [--json]                        久拖不决的程序 / procedures flagged as delayed (R-66)
  refusals [--procedure K] [--person P] [--verify]
                                          API 拒绝日志（及其哈希链校验）/ the API's refusal log, and its chain check
  keygen [--out <file.pem>]               生成归档签名密钥 / generate the archive signing key (Ed25519)

阶段 / stages: ${STAGES_FOR_FILTER.join(', ')}
环境 / environment: TEMPORAL_ADDRESS (unset: the embedded dev server at 127.0.0.1:EMBEDDED_TEMPORAL_PORT), DATA_DIR,
  AUDIT_SIGNING_KEY_PATH (default DATA_DIR/audit/archive-signing-key.pem)
退出码 / exit codes: 0 完成且完整 done and intact · 1 校验失败 a check failed · 2 用法或配置错误 usage or configuration`;
}
