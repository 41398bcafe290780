// An independent DICOM SCU for RadBridge's tests (dcmjs-dimse).
// usage: node dimse-scu.js <host> <port> <calling AE> <called AE> <steps.json>
// steps.json: [{"op":"echo"} | {"op":"ncreate"|"nset", "sopClass":..., "sopInstance":..., "dataset":{...}}
//              | {"op":"neventreport", "sopClass":..., "sopInstance":..., "eventTypeId":1, "dataset":{...}}]
// Datasets are dcmjs "naturalized" objects (keywords, e.g. {"PatientID":"P1"}). All steps go over one
// association, in order. Prints one JSON line per response: {"step", "op", "status", "dataset"}.
// Exit code: 0 when every step got a response, 2 on a network error or a missing response.
const fs = require('fs');
const dimse = require('dcmjs-dimse');
dimse.log.setLevel('warn'); // stdout carries only the JSON lines
const { Client, Dataset } = dimse;
const { CEchoRequest, NCreateRequest, NSetRequest, NEventReportRequest } = dimse.requests;

const [host, port, callingAe, calledAe, stepsFile] = process.argv.slice(2);
const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));
const client = new Client();
let answered = 0;

steps.forEach((step, i) => {
  let request;
  switch (step.op) {
    case 'echo':
      request = new CEchoRequest();
      break;
    case 'ncreate':
      request = new NCreateRequest(step.sopClass, step.sopInstance);
      break;
    case 'nset':
      request = new NSetRequest(step.sopClass, step.sopInstance);
      break;
    case 'neventreport':
      request = new NEventReportRequest(step.sopClass, step.sopInstance, step.eventTypeId || 1);
      break;
    default:
      throw new Error('unknown op ' + step.op);
  }
  if (step.dataset) {
    request.setDataset(new Dataset(step.dataset));
  }
  request.on('response', (response) => {
    answered++;
    const ds = response.getDataset();
    console.log(JSON.stringify({ step: i, op: step.op, status: response.getStatus(),
      dataset: ds ? ds.getElements() : null }));
  });
  client.addRequest(request);
});

client.on('networkError', (e) => {
  console.log(JSON.stringify({ error: 'network', detail: String(e && e.message ? e.message : e) }));
  process.exitCode = 2;
});
client.on('associationRejected', (result) => {
  console.log(JSON.stringify({ error: 'rejected', detail: result }));
  process.exitCode = 2;
});
client.on('closed', () => {
  if (answered < steps.length && !process.exitCode) {
    console.log(JSON.stringify({ error: 'incomplete', answered: answered, steps: steps.length }));
    process.exitCode = 2;
  }
});
client.send(host, Number(port), callingAe, calledAe, { associationTimeout: 10000, pduTimeout: 10000 });
