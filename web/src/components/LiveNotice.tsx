/** A success or error line announced to screen readers (status or alert); the region stays in the page. */
export interface NoticeMessage {
  kind: 'success' | 'error';
  text: string;
}

export function LiveNotice({ message }: { message: NoticeMessage | null }) {
  return (
    <div aria-live="polite">
      {message && (
        <p className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
