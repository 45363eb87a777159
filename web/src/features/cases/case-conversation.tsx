import { SendOutlined, StarFilled } from '@ant-design/icons';
import { App, Button, Form, Input, Radio, Rate, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { zodRule } from '../../lib/forms';
import { usePostMessage, useRateCase, type CaseMessage, type CaseSingle } from './cases.api';
import { CaseStatusTag } from './labels';
import { messageSchema, ratingSchema } from './schemas';

function MessageList({ messages, emptyText, label }: { messages: CaseMessage[]; emptyText: string; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (messages.length === 0) return <p className="section-hint">{emptyText}</p>;
  return (
    <ul className="case-message-list" aria-label={label}>
      {messages.map((item) => (
        <li key={item.id} className={`case-message is-${item.kind}`}>
          <div className="case-message-meta">
            <strong>{item.author ?? t('audit.system')}</strong>
            <span>{format.dateTime(item.at)}</span>
            {item.kind === 'answer' && <Tag color="success">{t('cases.message.answerTag')}</Tag>}
          </div>
          <p className="case-message-body">{item.body}</p>
        </li>
      ))}
    </ul>
  );
}

/** Messages between the enterprise and the staff, or the internal notes (staff and assignees only). */
export function CaseConversation({ single, kind }: { single: CaseSingle; kind: 'message' | 'note' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const post = usePostMessage();
  const c = single.data;
  const items = c.messages.filter((item) => (kind === 'note' ? item.kind === 'note' : item.kind === 'message'));
  const canPost = kind === 'note' ? single.abilities.note : single.abilities.message;
  const inputLabel = t(kind === 'note' ? 'cases.message.newNote' : 'cases.message.newMessage');

  return (
    <>
      <MessageList
        messages={items}
        label={t(kind === 'note' ? 'cases.notes' : 'cases.messages')}
        emptyText={t(kind === 'note' ? 'cases.message.noNotes' : 'cases.message.none')}
      />
      {canPost && (
        <Form
          name={kind === 'note' ? 'caseNote' : 'caseMessage'}
          form={form}
          layout="vertical"
          disabled={post.isPending}
          onFinish={(values) =>
            post.mutate(
              { id: c.id, kind, body: messageSchema.parse(values).body },
              {
                onSuccess: () => {
                  form.resetFields();
                  message.success(t(kind === 'note' ? 'cases.message.noteSaved' : 'cases.message.sent'));
                },
              },
            )
          }
        >
          <Form.Item name="body" label={inputLabel} rules={[zodRule(messageSchema, 'body')]} required>
            <Input.TextArea rows={3} maxLength={10_000} />
          </Form.Item>
          <Button htmlType="submit" icon={<SendOutlined />} loading={post.isPending}>
            {t(kind === 'note' ? 'cases.message.saveNote' : 'cases.message.send')}
          </Button>
        </Form>
      )}
    </>
  );
}

/** The answer (or the latest one after a re-opening), as the enterprise reads it. */
export function CaseAnswer({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const format = useFormat();
  const answers = single.data.messages.filter((item) => item.kind === 'answer');
  const latest = answers[answers.length - 1];
  if (!latest) return null;
  return (
    <figure className="case-answer" aria-label={t('cases.answer')}>
      <p className="case-message-body">{latest.body}</p>
      <figcaption className="case-timeline-meta">
        {t('cases.message.answeredBy', { name: latest.author ?? '—', at: format.dateTime(latest.at) })}
      </figcaption>
    </figure>
  );
}

/** The enterprise rates the delivered service once (1–5 and a comment); afterwards everyone sees it. */
export function CaseRating({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const rate = useRateCase();
  const c = single.data;

  if (c.rating !== null) {
    return (
      <div>
        <div className="rating-row">
          <span aria-hidden>
            <Rate disabled value={c.rating} />
          </span>
          <span>{t('cases.rating.given', { score: c.rating })}</span>
        </div>
        {c.ratingComment && <p className="case-message-body">{c.ratingComment}</p>}
      </div>
    );
  }
  if (!single.abilities.rate) return <p className="section-hint">{t('cases.rating.notYet')}</p>;
  return (
    <Form
      name="caseRating"
      form={form}
      layout="vertical"
      disabled={rate.isPending}
      onFinish={(values) => {
        const parsed = ratingSchema.parse(values);
        rate.mutate({ id: c.id, score: parsed.score, comment: parsed.comment }, { onSuccess: () => message.success(t('cases.rating.thanks')) });
      }}
    >
      <Form.Item name="score" label={t('cases.rating.label')} rules={[zodRule(ratingSchema, 'score')]} required>
        <Radio.Group
          optionType="button"
          options={[1, 2, 3, 4, 5].map((score) => ({
            value: score,
            label: (
              <span className="rating-option">
                <StarFilled aria-hidden /> {t('cases.rating.score', { count: score })}
              </span>
            ),
          }))}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('cases.rating.comment')} rules={[zodRule(ratingSchema, 'comment')]}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={rate.isPending}>
        {t('cases.rating.submit')}
      </Button>
    </Form>
  );
}

/** What happened to the case, oldest first, with who did it and why. */
export function CaseTimeline({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Timeline
      items={single.data.timeline.map((event) => ({
        key: event.id,
        content: (
          <div>
            <div>
              <strong>{t(`cases.action.${event.action}`, { defaultValue: event.action })}</strong>{' '}
              {/* A document event leaves the status as it was; its file name is the reason line. */}
              {!event.action.startsWith('document_') && <CaseStatusTag status={event.to} />}
            </div>
            <div className="case-timeline-meta">
              {event.actor ?? t('audit.system')} · {format.dateTime(event.at)}
            </div>
            {event.reason && <p className="case-timeline-reason">{event.reason}</p>}
          </div>
        ),
      }))}
    />
  );
}
