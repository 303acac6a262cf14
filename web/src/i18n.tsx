import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

/** The words of the application's own chrome; data from the API comes in both languages already. */
const WORDS = {
  appName: ['重大行政决策程序', 'Major administrative decision procedures'],
  tasks: ['我的待办', 'My tasks'],
  notices: ['通知', 'Notices'],
  procedures: ['程序', 'Procedures'],
  legality: ['合法性审查', 'Legality review'],
  catalogs: ['决策事项目录', 'Decision catalogs'],
  audit: ['审计', 'Audit'],
  dashboard: ['看板', 'Dashboard'],
  stageTimes: ['各阶段用时', 'Time spent in each stage'],
  medianDays: ['中位数（天）', 'Median (days)'],
  worstDays: ['最长（天）', 'Longest (days)'],
  stays: ['已结束的停留', 'Stays ended'],
  inStageNow: ['目前在此阶段', 'In the stage now'],
  longestNowDays: ['目前停留最久（天）', 'Longest now (days)'],
  public: ['公开信息', 'Public information'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  actingAs: ['办理身份', 'Acting as'],
  procedure: ['程序', 'Procedure'],
  stage: ['阶段', 'Stage'],
  due: ['期限（北京时间）', 'Due (Beijing time)'],
  daysLeft: ['剩余天数', 'Days left'],
  overdue: ['已逾期', 'Overdue'],
  awaited: ['待办事项', 'Awaited'],
  open: ['办理', 'Open'],
  markRead: ['标为已读', 'Mark read'],
  unread: ['未读', 'Unread'],
  read: ['已读', 'Read'],
  newProcedure: ['启动决策程序', 'Start a procedure'],
  unit: ['单位', 'Unit'],
  category: ['类别', 'Category'],
  year: ['年度', 'Year'],
  all: ['全部', 'All'],
  search: ['查询', 'Search'],
  actions: ['可办理事项', 'Actions you may take'],
  noActions: ['当前没有您可以办理的事项', 'Nothing for you to do here now'],
  gate: ['前置条件', 'Conditions'],
  documents: ['文件', 'Documents'],
  timeline: ['办理记录', 'Timeline'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  done: ['已办理', 'Done'],
  loading: ['加载中…', 'Loading…'],
  empty: ['暂无数据', 'Nothing here'],
  replay: ['重放验证', 'Replay proof'],
  signedArchive: ['下载签名归档', 'Download the signed archive'],
  asOf: ['某一时刻的状态', 'State as of'],
  refusals: ['拒绝记录', 'Refusals'],
  accountability: ['责任追溯', 'Accountability'],
  delayed: ['延误的程序', 'Delayed procedures'],
  person: ['人员', 'Person'],
  nextPage: ['下一页', 'Next page'],
  language: ['English', '中文'],
  devSignIn: ['内置模式登录（仅供本机试用，非生产环境）', 'Embedded-mode sign-in (local trial only, not for production)'],
  oidcSignIn: ['通过统一身份认证登录', 'Sign in with the identity provider'],
  chooseAccount: ['选择人员', 'Choose a person'],
  publishedDecisions: ['已公布的决策', 'Published decisions'],
  openComment: ['正在征求意见', 'Open for comment'],
  item: ['事项', 'Item'],
  decisionOrgan: ['决策机关', 'Decision organ'],
  sponsorUnit: ['承办单位', 'Sponsor'],
  view: ['查看', 'Read'],
  commentPeriod: ['征求意见期（北京时间）', 'Comment period (Beijing time)'],
  periodOpens: ['开始（北京时间）', 'Opens (Beijing time)'],
  periodEnds: ['截止（北京时间）', 'Ends (Beijing time)'],
  provisional: ['暂定', 'provisional'],
  days: ['日', 'days'],
  shortenedReason: ['缩短期限的理由', 'Why the period is shorter'],
  channels: ['公布途径及意见反馈方式', 'Where published, how to comment'],
  draft: ['征求意见稿', 'Draft'],
  explanation: ['起草说明', 'Explanation'],
  publishedCatalogs: ['年度决策事项目录', 'Published catalogs'],
} as const satisfies Record<string, readonly [string, string]>;

export type Word = keyof typeof WORDS;

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (w: Word) => string;
}

const Ctx = createContext<I18n>({ lang: 'zh', setLang: () => undefined, t: (w) => WORDS[w][0] });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem('lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (w) => WORDS[w][lang === 'zh' ? 0 : 1],
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = (): I18n => useContext(Ctx);
