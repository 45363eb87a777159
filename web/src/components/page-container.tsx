import { Breadcrumb, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

interface PageContainerProps {
  title: string;
  /** i18n keys of the breadcrumb trail between Home and this page. */
  trail?: string[];
  extra?: ReactNode;
  children: ReactNode;
}

/** The frame every page sits in: breadcrumb, an h1 title with actions, then the content. */
export function PageContainer({ title, trail = [], extra, children }: PageContainerProps) {
  const { t } = useTranslation();
  return (
    <div className="page-container">
      <div className="page-header">
        <Breadcrumb
          items={[
            { title: <Link to="/">{t('nav.home')}</Link> },
            ...trail.map((key) => ({ title: t(key) })),
            { title },
          ]}
        />
        <Flex justify="space-between" align="center" wrap gap="middle">
          <h1 className="page-title">{title}</h1>
          {extra}
        </Flex>
      </div>
      <div className="page-body">{children}</div>
    </div>
  );
}
