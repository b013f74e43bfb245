/** The header, signature block and "Nơi nhận" of a printed party document (domain.md §12). */
export function DocumentHeader({ superior, issuer, number, placeDate }: { superior: string | null; issuer: string; number: string; placeDate: string }) {
  return (
    <header className="report-head">
      <div>
        {superior ? <p>{superior.toUpperCase()}</p> : null}
        <p className="issuer">
          <strong>{issuer.toUpperCase()}</strong>
        </p>
        <p>*</p>
        <p>{number}</p>
      </div>
      <div>
        <p className="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</p>
        <p className="place-date">{placeDate}</p>
      </div>
    </header>
  );
}

/** Bottom of the document: "Nơi nhận" left, the signature block right (space to sign and seal). */
export function DocumentFooter({ recipients, capacity, title, signer }: { recipients: string[]; capacity: string; title: string; signer: string }) {
  return (
    <footer className="document-foot">
      <div className="recipients">
        <p>
          <strong>
            <u>Nơi nhận:</u>
          </strong>
        </p>
        {recipients.map((r) => (
          <p key={r}>- {r}</p>
        ))}
      </div>
      <div className="signature">
        <p>
          <strong>{capacity}</strong>
        </p>
        <p>
          <strong>{title}</strong>
        </p>
        {/* Space for the signature and the seal. */}
        <div className="signature-space" aria-hidden="true" />
        <p>
          <strong>{signer}</strong>
        </p>
      </div>
    </footer>
  );
}
