import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DANGEROUS_ACTIONS, FILING_ACTIONS, REASON_REQUIRED } from './reference';
import { ReasonModal, type ReasonRequest } from './reason-modal';
import type { WorkstationSingle } from './types';
import { useTransition } from './workstations.api';

/** The filing steps the caller may take now, from the record's abilities; each asks for a reason or a note. */
export function FilingActions({ workstation }: { workstation: WorkstationSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const transition = useTransition();
  const [action, setAction] = useState<string | null>(null);
  const { data, abilities } = workstation;
  const actions = FILING_ACTIONS.filter((candidate) => abilities.actions.includes(candidate));
  if (actions.length === 0) return null;

  const request: ReasonRequest | null = action
    ? {
        title: t('filing.actionTitle', { action: t(`filingAction.${action}`), name: data.name }),
        hint: t(`filingActionHint.${action}`),
        okText: t(`filingAction.${action}`),
        required: REASON_REQUIRED.includes(action),
        danger: DANGEROUS_ACTIONS.includes(action),
      }
    : null;

  return (
    <>
      <Space wrap>
        {actions.map((candidate) => (
          <Button
            key={candidate}
            type={candidate === 'submit' || candidate === 'approve' || candidate === 'pass_check' || candidate === 'begin_check' ? 'primary' : 'default'}
            danger={DANGEROUS_ACTIONS.includes(candidate)}
            disabled={candidate === 'submit' && data.missing.length > 0}
            onClick={() => setAction(candidate)}
          >
            {t(`filingAction.${candidate}`)}
          </Button>
        ))}
      </Space>
      <ReasonModal
        request={request}
        pending={transition.isPending}
        onCancel={() => setAction(null)}
        onSubmit={(reason) =>
          transition
            .mutateAsync({ id: data.id, action: action ?? '', version: data.version, reason })
            .then((result) => {
              setAction(null);
              message.success(t('filing.actionDone', { action: t(`filingAction.${action}`), status: t(`filingState.${result.data.filingStatus}`) }));
            })
        }
      />
    </>
  );
}
