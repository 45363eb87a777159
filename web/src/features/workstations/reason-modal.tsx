import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { reasonSchema } from './schemas';

export interface ReasonRequest {
  title: string;
  /** What happens, in a sentence. */
  hint?: string;
  okText: string;
  required: boolean;
  danger?: boolean;
}

interface ReasonModalProps {
  request: ReasonRequest | null;
  pending: boolean;
  onCancel: () => void;
  /** Resolves when done; a rejected promise keeps the dialog open (server errors land on the field). */
  onSubmit: (reason: string | null) => Promise<unknown>;
}

/** A decision with a reason the other side reads (required for some steps, optional for others). */
export function ReasonModal({ request, pending, onCancel, onSubmit }: ReasonModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason?: string }>();
  const schema = useMemo(() => reasonSchema(request?.required ?? false), [request]);

  useEffect(() => {
    if (request) form.resetFields();
  }, [request, form]);

  const submit = async () => {
    const values = schema.parse(await form.validateFields());
    try {
      await onSubmit(values.reason?.trim() || null);
    } catch (error) {
      applyServerErrors(form, error);
    }
  };

  return (
    <Modal
      open={request !== null}
      title={request?.title}
      onCancel={onCancel}
      onOk={() => void submit().catch(() => undefined)}
      okText={request?.okText}
      okButtonProps={{ danger: request?.danger }}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      forceRender
    >
      {request?.hint && <Alert type="info" showIcon title={request.hint} className="form-alert" />}
      <Form name="reason" form={form} layout="vertical" disabled={pending} onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t(request?.required ? 'filing.reason' : 'filing.reasonOptional')}
          rules={[zodRule(schema, 'reason')]}
          required={request?.required}
          extra={t('filing.reasonHint')}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
