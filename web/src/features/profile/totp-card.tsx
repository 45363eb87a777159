import { Alert, App, Button, Descriptions, Flex, Form, Input, QRCode, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/session';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { totpCodeSchema } from '../auth/schemas';
import { useTotpSetup, useTotpToggle } from './profile.api';

function CodeForm({ action, onDone }: { action: 'enable' | 'disable'; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const toggle = useTotpToggle(action);
  return (
    <Form
      name={`totp-${action}`}
      form={form}
      layout="inline"
      onFinish={({ code }) =>
        toggle.mutate(code, {
          onSuccess: () => {
            message.success(t(action === 'enable' ? 'profile.totpEnabled' : 'profile.totpDisabled'));
            onDone();
          },
          onError: (error) => applyServerErrors(form, error),
        })
      }
    >
      <Form.Item name="code" label={t('auth.totpCode')} rules={[zodRule(totpCodeSchema, 'code')]} required>
        <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
      </Form.Item>
      <Button type="primary" danger={action === 'disable'} htmlType="submit" loading={toggle.isPending}>
        {t(action === 'enable' ? 'profile.totpConfirm' : 'profile.totpDisable')}
      </Button>
    </Form>
  );
}

export function TotpCard() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const setup = useTotpSetup();

  if (user.totpEnabled) {
    return (
      <div className="narrow-form">
        <Result status="success" title={t('profile.totpOnTitle')} subTitle={t('profile.totpDisableHint')} />
        <Flex justify="center">
          <CodeForm action="disable" onDone={() => setup.reset()} />
        </Flex>
      </div>
    );
  }

  if (!setup.data) {
    return (
      <div className="narrow-form">
        <Alert type="info" showIcon title={t('profile.totpOffHint')} className="form-alert" />
        <Button type="primary" onClick={() => setup.mutate()} loading={setup.isPending}>
          {t('profile.totpSetup')}
        </Button>
      </div>
    );
  }

  return (
    <Flex gap="large" wrap>
      <figure className="totp-qr">
        <QRCode value={setup.data.otpauthUrl} size={184} aria-label={t('profile.totpQr')} />
        <figcaption>{t('profile.totpScan')}</figcaption>
      </figure>
      <div className="totp-setup">
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            {
              key: 'secret',
              label: t('profile.totpSecret'),
              children: (
                <Typography.Text copyable code>
                  {setup.data.secret}
                </Typography.Text>
              ),
            },
            {
              key: 'url',
              label: t('profile.totpUrl'),
              children: (
                <Typography.Text copyable className="break-all">
                  {setup.data.otpauthUrl}
                </Typography.Text>
              ),
            },
          ]}
        />
        <p className="section-hint">{t('profile.totpConfirmHint')}</p>
        <CodeForm action="enable" onDone={() => setup.reset()} />
      </div>
    </Flex>
  );
}
