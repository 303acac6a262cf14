import { StrictMode, useContext, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
// The style Ant Design's <App> registers for its frame; imported alone, without the App.
import useAppStyle from 'antd/es/app/style';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
// The app carries its own Chinese font: offices' machines (and test browsers) may lack one.
import '@fontsource/noto-sans-sc/400.css';
import { ApiError } from './api';
import { AuthProvider } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { AppRoutes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: {
    // A refusal is an answer, not a glitch: retry only what may pass on a second try.
    queries: { retry: (n, e) => n < 2 && (!(e instanceof ApiError) || e.status >= 500), staleTime: 5_000 },
  },
});

/**
 * What Ant Design's <App> gave every page, its frame with the theme's text colour, size, line
 * height and font for whatever is not one of its components (the same markup and style),
 * without the message, notification and modal holders that came with it (about 15 KB gzipped on
 * every page): the pages that confirm with a message hold their own (message.useMessage).
 */
function Frame({ children }: { children: ReactNode }) {
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  const prefixCls = getPrefixCls('app');
  const [hashId, cssVarCls] = useAppStyle(prefixCls);
  return <div className={[hashId, prefixCls, cssVarCls].filter(Boolean).join(' ')}>{children}</div>;
}

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        token: {
          fontFamily: "'Noto Sans SC', system-ui, sans-serif",
          colorPrimary: '#1f4e8c',
          colorLink: '#1f4e8c',
          // Ant Design's grey texts are too faint for WCAG AA (axe-core in test/web): darker ones.
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6b6b6b',
          colorTextQuaternary: '#6b6b6b',
          colorTextDisabled: '#6b6b6b',
        },
      }}
    >
      <Frame>
        <AppRoutes />
      </Frame>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AuthProvider>
          <BrowserRouter>
            <Themed />
          </BrowserRouter>
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
