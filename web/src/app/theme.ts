import type { ThemeConfig } from 'antd';

// Colours chosen for WCAG AA contrast (4.5:1 for text): antd's default blue, red, green and
// secondary grey fall just short on white.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    // antd derives a lighter hover shade that drops white text below 4.5:1; go darker instead.
    colorPrimaryHover: '#0048c4',
    colorPrimaryActive: '#003eb3',
    colorLinkHover: '#0048c4',
    colorLinkActive: '#003eb3',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    // Light backgrounds for tags and alerts stay pale, whatever the darker text colours above.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', siderBg: '#001529', bodyBg: '#f0f2f5' },
    Menu: { darkItemBg: '#001529', darkSubMenuItemBg: '#000c17', darkGroupTitleColor: 'rgba(255, 255, 255, 0.7)' },
  },
};
