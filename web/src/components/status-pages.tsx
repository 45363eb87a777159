import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

function StatusPage({ status, kind }: { status: '403' | '404'; kind: 'forbidden' | 'notFound' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={<h1 className="result-title">{t(`status.${kind}.title`)}</h1>}
      subTitle={t(`status.${kind}.description`)}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('status.backHome')}
        </Button>
      }
    />
  );
}

export function ForbiddenPage() {
  return <StatusPage status="403" kind="forbidden" />;
}

export function NotFoundPage() {
  return <StatusPage status="404" kind="notFound" />;
}
