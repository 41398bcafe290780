// An independent DICOM SCP for RadBridge's tests (dcmjs-dimse): a PACS that receives forwarded MPPS
// (N-CREATE / N-SET), Instance Availability Notifications (N-CREATE) and C-ECHO.
// usage: node dimse-scp.js <port> <AE title> [status]   (port 0: a free one; binds 127.0.0.1 only)
// Prints "LISTENING <port>" once bound, then one JSON line per request:
// {"op", "callingAe", "sopClass", "sopInstance", "dataset"}; answers every request with <status> (default 0).
const net = require('net');
const dimse = require('dcmjs-dimse');
dimse.log.setLevel('warn'); // stdout carries only the JSON lines
const { Server, Scp } = dimse;
const { CEchoResponse, NCreateResponse, NSetResponse, NEventReportResponse } = dimse.responses;
const { PresentationContextResult, TransferSyntax, RejectResult, RejectSource, RejectReason } = dimse.constants;

const [port, aeTitle, statusArg] = process.argv.slice(2);
const status = statusArg ? Number(statusArg) : 0;

function log(op, scp, request, sopInstance) {
  const ds = request.getDataset();
  console.log(JSON.stringify({ op: op, callingAe: scp.association.getCallingAeTitle(),
    sopClass: request.getAffectedSopClassUid ? request.getAffectedSopClassUid() : undefined,
    sopInstance: sopInstance, dataset: ds ? ds.getElements() : null }));
}

class TestScp extends Scp {
  associationRequested(association) {
    this.association = association;
    if (association.getCalledAeTitle() !== aeTitle) {
      this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser,
        RejectReason.CalledAeNotRecognized);
      return;
    }
    association.getPresentationContexts().forEach((c) => {
      const context = association.getPresentationContext(c.id);
      const ts = context.getTransferSyntaxUids();
      const accepted = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian]
        .find((t) => ts.includes(t));
      if (accepted) {
        context.setResult(PresentationContextResult.Accept, accepted);
      } else {
        context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
      }
    });
    this.sendAssociationAccept();
  }
  associationReleaseRequested() {
    this.sendAssociationReleaseResponse();
  }
  cEchoRequest(request, callback) {
    log('echo', this, request, undefined);
    const response = CEchoResponse.fromRequest(request);
    response.setStatus(status);
    callback(response);
  }
  nCreateRequest(request, callback) {
    log('ncreate', this, request, request.getAffectedSopInstanceUid());
    const response = NCreateResponse.fromRequest(request);
    response.setStatus(status);
    callback(response);
  }
  nSetRequest(request, callback) {
    log('nset', this, request, request.getRequestedSopInstanceUid());
    const response = NSetResponse.fromRequest(request);
    response.setStatus(status);
    callback(response);
  }
  nEventReportRequest(request, callback) {
    log('neventreport', this, request, request.getAffectedSopInstanceUid());
    const response = NEventReportResponse.fromRequest(request);
    response.setStatus(status);
    callback(response);
  }
}

// dcmjs-dimse listens on every interface; tests bind to the loopback interface only
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (p, ...rest) {
  return typeof p === 'number' ? listen.call(this, p, '127.0.0.1', ...rest) : listen.call(this, p, ...rest);
};
const server = new Server(TestScp);
server.on('networkError', (e) => console.error('network error: ' + e));
server.on('listening', () => console.log('LISTENING ' + server.server.address().port));
server.listen(Number(port));
process.on('SIGTERM', () => { server.close(); process.exit(0); });
